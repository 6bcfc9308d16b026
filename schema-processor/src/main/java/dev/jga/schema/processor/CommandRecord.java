// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.schema.processor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * One command record as the compiler sees it: its {@code @Qapi} values (defaults included) and its
 * components' types in declaration order, which is the order of the canonical constructor.
 */
record CommandRecord(TypeElement type, String name, String since, String doc, boolean successResponse,
        boolean delimitedReply, List<TypeMirror> componentTypes) {

    /** The record's command, or empty when it carries no {@code @Qapi}. */
    static Optional<CommandRecord> of(TypeElement type) {
        return type.getAnnotationMirrors().stream()
                .filter(mirror -> ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName()
                        .contentEquals(CommandIndexProcessor.QAPI))
                .findFirst()
                .map(qapi -> new CommandRecord(type,
                        (String) value(qapi, "name"),
                        (String) value(qapi, "since"),
                        (String) value(qapi, "doc"),
                        (Boolean) value(qapi, "successResponse"),
                        (Boolean) value(qapi, "delimitedReply"),
                        type.getRecordComponents().stream().map(RecordComponentElement::asType).toList()));
    }

    /** An element of the annotation, or its declared default when the record leaves it out. */
    private static Object value(AnnotationMirror annotation, String element) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                : annotation.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(element)) {
                return entry.getValue().getValue();
            }
        }
        return annotation.getAnnotationType().asElement().getEnclosedElements().stream()
                .filter(member -> member instanceof ExecutableElement method
                        && method.getSimpleName().contentEquals(element))
                .map(member -> ((ExecutableElement) member).getDefaultValue().getValue())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("@Qapi has no element " + element));
    }
}
