// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.schema.processor;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Writes {@code dev.jga.protocol.codec.CommandIndex} while the protocol module compiles: the
 * {@code @Qapi} records stay the one declaration of each command, and what the agent needs of them
 * before its first reply (names, flags, constructors) becomes plain code, so nothing reads an
 * annotation or builds a record by reflection at start.
 *
 * <p>The commands are the records reachable from the sealed {@code Command} root through the
 * {@code permits} lists, in declaration order: the order qemu's qapi-schema.json lists them in, and
 * the order guest-info and docs/commands.md show. A record there without {@code @Qapi}, or a
 * {@code @Qapi} record that the root does not reach, is a compile error.
 */
@SupportedAnnotationTypes(CommandIndexProcessor.QAPI)
public final class CommandIndexProcessor extends AbstractProcessor {

    static final String QAPI = "dev.jga.protocol.schema.Qapi";
    static final String ROOT = "dev.jga.protocol.schema.Command";
    static final String GENERATED = "dev.jga.protocol.codec.CommandIndex";

    private boolean written;

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement root = processingEnv.getElementUtils().getTypeElement(ROOT);
        if (written || annotations.isEmpty() || root == null) {
            return false;
        }
        written = true;
        List<CommandRecord> commands = new ArrayList<>();
        collect(root, commands);
        annotated(round).stream()
                .filter(element -> commands.stream().noneMatch(c -> c.type().equals(element)))
                .forEach(element -> error(element, "@Qapi record is not reachable from " + ROOT
                        + "'s permits lists, so no client or agent would know it"));
        SchemaMarks marks = SchemaMarks.scan(round.getRootElements(), processingEnv.getElementUtils());
        write(new CommandIndexSource(commands, marks).render());
        return false;
    }

    private List<? extends Element> annotated(RoundEnvironment round) {
        TypeElement qapi = processingEnv.getElementUtils().getTypeElement(QAPI);
        return List.copyOf(round.getElementsAnnotatedWith(qapi));
    }

    private void collect(TypeElement type, List<CommandRecord> found) {
        if (type.getKind() == ElementKind.RECORD) {
            CommandRecord.of(type).ifPresentOrElse(found::add,
                    () -> error(type, "implements " + ROOT + " but has no @Qapi"));
            return;
        }
        for (TypeMirror permitted : type.getPermittedSubclasses()) {
            collect((TypeElement) ((DeclaredType) permitted).asElement(), found);
        }
    }

    private void write(String source) {
        try (Writer out = processingEnv.getFiler().createSourceFile(GENERATED).openWriter()) {
            out.write(source);
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write " + GENERATED + ": " + e);
        }
    }

    private void error(Element element, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
    }
}
