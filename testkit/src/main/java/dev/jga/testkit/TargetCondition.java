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
 * target; {@link QemuVersionDiffers} tests run against qemu-ga 10 (current upstream) but not 7.2,
 * and {@link QemuGa10Differs} tests against everything but qemu-ga 10 in its chroot.
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
        Optional<QemuGa10Differs> chrooted = AnnotationSupport.findAnnotation(annotated, QemuGa10Differs.class);
        if (chrooted.isPresent() && target == Target.QEMU_GA_10) {
            return ConditionEvaluationResult.disabled("not against qemu-ga 10.0: " + chrooted.get().value());
        }
        Optional<QemuGaOnly> qemuOnly = AnnotationSupport.findAnnotation(annotated, QemuGaOnly.class);
        if (qemuOnly.isPresent() && !target.isQemuGa()) {
            return ConditionEvaluationResult.disabled("pins down qemu-ga's side: " + qemuOnly.get().value());
        }
        return ConditionEvaluationResult.enabled("runs against " + target);
    }
}
