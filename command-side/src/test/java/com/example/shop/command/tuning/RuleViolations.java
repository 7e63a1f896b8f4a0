package com.example.shop.command.tuning;

import com.example.shop.rules.DomainRuleViolation;
import com.example.shop.rules.InvalidCommandException;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * Matches a refusal by its type and the code of the rule it names, so that a test of one rule cannot pass
 * because another rule refused the command first.
 */
public final class RuleViolations {

    private RuleViolations() {}

    public static Matcher<DomainRuleViolation> violation(Class<? extends DomainRuleViolation> type, String code) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(DomainRuleViolation actual, Description mismatch) {
                if (!type.isInstance(actual) || !code.equals(actual.code())) {
                    mismatch.appendText("was ")
                            .appendText(actual.getClass().getSimpleName())
                            .appendText(" with code ")
                            .appendValue(actual.code())
                            .appendText(": ")
                            .appendText(actual.getMessage());
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description
                        .appendText(type.getSimpleName())
                        .appendText(" with code ")
                        .appendValue(code);
            }
        };
    }

    public static Matcher<DomainRuleViolation> invalidCommand(String code) {
        return violation(InvalidCommandException.class, code);
    }
}
