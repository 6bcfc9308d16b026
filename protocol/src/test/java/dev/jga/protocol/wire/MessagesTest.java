// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void everyTextOfTheCatalogFillsAsStringFormattedWouldInTheRootLocale() throws Exception {
        int checked = 0;
        for (Field field : Messages.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
                continue;
            }
            String format = (String) field.get(null);
            Object[] args = sampleArguments(format);
            assertThat(Messages.fill(format, args)).as(field.getName())
                    .isEqualTo(String.format(Locale.ROOT, format, args));
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void numbersAreAsciiDigitsWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag("ar-EG-u-nu-arab"));
            assertThat(Messages.fill(Messages.EXEC_PID_NOT_FOUND, 1234)).isEqualTo("PID 1234 does not exist");
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, saved);
        }
    }

    @Test
    void nullAndSurplusArgumentsAreAsFormatterHasThem() {
        assertThat(Messages.fill("a %s b", (Object) null)).isEqualTo("a null b");
        assertThat(Messages.fill("no placeholder", "x")).isEqualTo("no placeholder");
        assertThat(Messages.fill("%s%s", "a", "b")).isEqualTo("ab");
    }

    @Test
    void otherConversionsAndMissingArgumentsAreRejected() {
        assertThatThrownBy(() -> Messages.fill("%x", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Messages.fill("100%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Messages.fill("%s and %s", "one")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A distinct string for each %s and a number for each %d, in order. */
    private static Object[] sampleArguments(String format) {
        List<Object> args = new ArrayList<>();
        for (int at = format.indexOf('%'); at >= 0; at = format.indexOf('%', at + 2)) {
            args.add(format.charAt(at + 1) == 'd' ? (Object) (1000L + args.size()) : "arg" + args.size());
        }
        return args.toArray();
    }
}
