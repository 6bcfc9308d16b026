// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.agent.config.Getopt.Option;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** glibc getopt_long behaviour, with texts checked against /usr/sbin/qemu-ga 7.2 (glibc 2.36). */
class GetoptTest {

    private static final Getopt GETOPT = new Getopt(CommandLine.SHORT_OPTIONS, CommandLine.LONG_OPTIONS);

    private static Getopt.Parsed parse(String... args) {
        return GETOPT.parse(List.of(args));
    }

    private static Option opt(char name) {
        return new Option(name, Optional.empty());
    }

    private static Option opt(char name, String argument) {
        return new Option(name, Optional.of(argument));
    }

    @Test
    void shortOptionsCluster() {
        assertThat(parse("-vD").options()).containsExactly(opt('v'), opt('D'));
    }

    @Test
    void requiredArgumentIsAttachedOrTheNextWord() {
        assertThat(parse("-pX", "-p", "Y").options()).containsExactly(opt('p', "X"), opt('p', "Y"));
        assertThat(parse("-Dvp/tmp/s").options()).containsExactly(opt('D'), opt('v'), opt('p', "/tmp/s"));
    }

    @Test
    void nextWordIsTakenAsArgumentEvenIfItLooksLikeAnOption() {
        assertThat(parse("--path", "-D").options()).containsExactly(opt('p', "-D"));
    }

    @Test
    void longOptionArgumentWithEqualsOrSeparate() {
        assertThat(parse("--path=X", "--path", "Y", "--path=").options())
                .containsExactly(opt('p', "X"), opt('p', "Y"), opt('p', ""));
    }

    @Test
    void optionalArgumentMustBeAttached() {
        assertThat(parse("-F", "/y").options()).containsExactly(opt('F'));
        assertThat(parse("-F", "/y").operands()).containsExactly("/y");
        assertThat(parse("-F/x").options()).containsExactly(opt('F', "/x"));
        assertThat(parse("-vF/x").options()).containsExactly(opt('v'), opt('F', "/x"));
        assertThat(parse("--fsfreeze-hook=/y").options()).containsExactly(opt('F', "/y"));
        assertThat(parse("--fsfreeze-hook", "/y").options()).containsExactly(opt('F'));
    }

    @Test
    void longOptionsMayBeAbbreviated() {
        assertThat(parse("--pa=x", "--verb", "--block=a").options())
                .containsExactly(opt('p', "x"), opt('v'), opt('b', "a"));
    }

    @Test
    void ambiguousAbbreviationListsTheCandidatesInTableOrder() {
        assertThat(parse("--d").error())
                .hasValue("option '--d' is ambiguous; possibilities: '--dump-conf' '--daemonize'");
        assertThat(parse("--v").error())
                .hasValue("option '--v' is ambiguous; possibilities: '--version' '--verbose'");
    }

    @Test
    void doubleDashEndsTheOptions() {
        Getopt.Parsed parsed = parse("-v", "--", "-D", "x");
        assertThat(parsed.options()).containsExactly(opt('v'));
        assertThat(parsed.operands()).containsExactly("-D", "x");
    }

    @Test
    void nonOptionsArePermutedToTheEnd() {
        Getopt.Parsed parsed = parse("a", "-v", "-", "b", "-D");
        assertThat(parsed.options()).containsExactly(opt('v'), opt('D'));
        assertThat(parsed.operands()).containsExactly("a", "-", "b");
    }

    @Test
    void errorsUseGlibcTexts() {
        assertThat(parse("-x").error()).hasValue("invalid option -- 'x'");
        assertThat(parse("-vp").error()).hasValue("option requires an argument -- 'p'");
        assertThat(parse("--path").error()).hasValue("option '--path' requires an argument");
        assertThat(parse("--pat").error()).hasValue("option '--path' requires an argument");
        assertThat(parse("--verb=1").error()).hasValue("option '--verbose' doesn't allow an argument");
        assertThat(parse("--bogus=1").error()).hasValue("unrecognized option '--bogus=1'");
        assertThat(parse("-:").error()).hasValue("invalid option -- ':'");
    }

    @Test
    void theRemovedBlacklistOptionIsUnknown() {
        assertThat(parse("--blacklist=a").error()).hasValue("unrecognized option '--blacklist=a'");
    }

    @Test
    void optionsBeforeAnErrorAreKept() {
        Getopt.Parsed parsed = parse("-V", "-x", "-D");
        assertThat(parsed.options()).containsExactly(opt('V'));
        assertThat(parsed.error()).isPresent();
    }

    @Test
    void anExactNameWinsOverLongerOnes() {
        Getopt exact = new Getopt("ab", List.of(new Getopt.LongOption("all", Getopt.Argument.NONE, 'a'),
                new Getopt.LongOption("allow", Getopt.Argument.NONE, 'b')));
        assertThat(exact.parse(List.of("--all")).options()).containsExactly(opt('a'));
        assertThat(exact.parse(List.of("--al")).error()).isPresent();
    }

    @Test
    void abbreviationOfEquivalentOptionsIsNotAmbiguous() {
        Getopt aliases = new Getopt("b:", List.of(new Getopt.LongOption("block-rpcs", Getopt.Argument.REQUIRED, 'b'),
                new Getopt.LongOption("blacklist", Getopt.Argument.REQUIRED, 'b')));
        assertThat(aliases.parse(List.of("--bl=x")).options()).containsExactly(opt('b', "x"));
    }
}
