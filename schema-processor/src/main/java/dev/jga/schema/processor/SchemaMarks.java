// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.schema.processor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * What the schema's {@code @Wire}, {@code @Unsigned} and {@code @Alternate} annotations say, for
 * every type of the schema package: the codec reads these from {@code CommandIndex} instead of by
 * reflection, which spins an annotation proxy class per annotation type at run time (a client's
 * first guest-info paid for two).
 *
 * @param wireNames each {@code @Wire} component's wire name, by "record's binary name.component"
 * @param unsigned the {@code @Unsigned} components, named the same way
 * @param alternates each {@code @Alternate} interface and its QAPI type name
 * @param records the package's records that code in another package can name, whose components
 *     the codec then reads through generated code instead of reflection
 */
record SchemaMarks(Map<String, String> wireNames, List<String> unsigned, Map<TypeElement, String> alternates,
        List<TypeElement> records) {

    static final String PACKAGE = "dev.jga.protocol.schema";
    private static final String WIRE = PACKAGE + ".Wire";
    private static final String UNSIGNED = PACKAGE + ".Unsigned";
    private static final String ALTERNATE = PACKAGE + ".Alternate";

    /** The marks of the schema package's types among {@code roots} and the types nested in them. */
    static SchemaMarks scan(Collection<? extends Element> roots, Elements elements) {
        SchemaMarks marks = new SchemaMarks(new LinkedHashMap<>(), new ArrayList<>(), new LinkedHashMap<>(),
                new ArrayList<>());
        for (Element root : roots) {
            if (root instanceof TypeElement type && elements.getPackageOf(type).getQualifiedName().contentEquals(PACKAGE)) {
                marks.add(type, elements);
            }
        }
        return marks;
    }

    private void add(TypeElement type, Elements elements) {
        if (type.getKind() == ElementKind.RECORD) {
            if (visible(type)) {
                records.add(type);
            }
            String record = elements.getBinaryName(type).toString();
            for (RecordComponentElement component : type.getRecordComponents()) {
                String name = record + "." + component.getSimpleName();
                value(component, WIRE).ifPresent(wire -> wireNames.put(name, (String) wire));
                if (mirror(component, UNSIGNED).isPresent()) {
                    unsigned.add(name);
                }
            }
        }
        if (type.getKind() == ElementKind.INTERFACE) {
            value(type, ALTERNATE).ifPresent(name -> alternates.put(type, (String) name));
        }
        for (Element nested : type.getEnclosedElements()) {
            if (nested instanceof TypeElement inner) {
                add(inner, elements);
            }
        }
    }

    /** A record another package can name and cast to: not generic, and public with every type it is nested in. */
    private static boolean visible(TypeElement type) {
        return type.getTypeParameters().isEmpty() && accessible(type);
    }

    /** Public, or a member of an interface (public implicitly, JLS 9.5), and so is every enclosing type. */
    private static boolean accessible(TypeElement type) {
        Element outer = type.getEnclosingElement();
        boolean isPublic = type.getModifiers().contains(Modifier.PUBLIC) || outer.getKind() == ElementKind.INTERFACE;
        return isPublic && (!(outer instanceof TypeElement enclosing) || accessible(enclosing));
    }

    /** The {@code value()} of annotation {@code name} on {@code element}, if it carries it. */
    private static Optional<Object> value(Element element, String name) {
        return mirror(element, name).map(annotation -> {
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                    : annotation.getElementValues().entrySet()) {
                if (entry.getKey().getSimpleName().contentEquals("value")) {
                    return entry.getValue().getValue();
                }
            }
            throw new IllegalStateException("@" + name + " without a value on " + element);
        });
    }

    private static Optional<AnnotationMirror> mirror(Element element, String name) {
        return element.getAnnotationMirrors().stream()
                .filter(mirror -> ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName()
                        .contentEquals(name))
                .findFirst()
                .map(AnnotationMirror.class::cast);
    }
}
