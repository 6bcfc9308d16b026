// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Skips {@link JgaOnly}, {@link QemuGaOnly} and {@link QemuVersionDiffers} tests for the other
 * target; {@link QemuVersionDiffers} tests run against qemu-ga 10 (current upstream) but not 7.2.
 */
public final class TargetCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        if (element.isEmpty()) {
            return ConditionEvaluationResult.enabled("no element");
        }
        Target target = Target.current();
        AnnotatedElement annotated = element.get();
        Optional<JgaOnly> jgaOnly = AnnotationSupport.findAnnotation(annotated, JgaOnly.class);
        if (jgaOnly.isPresent() && target.isQemuGa()) {
            return ConditionEvaluationResult.disabled("jga only; qemu-ga: " + jgaOnly.get().value());
        }
        Optional<QemuVersionDiffers> newer = AnnotationSupport.findAnnotation(annotated, QemuVersionDiffers.class);
        if (newer.isPresent() && target == Target.QEMU_GA) {
            return ConditionEvaluationResult.disabled("current upstream behaviour; installed qemu-ga: "
                    + newer.get().value());
        }
        Optional<QemuGaOnly> qemuOnly = AnnotationSupport.findAnnotation(annotated, QemuGaOnly.class);
        if (qemuOnly.isPresent() && !target.isQemuGa()) {
            return ConditionEvaluationResult.disabled("pins down qemu-ga's side: " + qemuOnly.get().value());
        }
        return ConditionEvaluationResult.enabled("runs against " + target);
    }
}
