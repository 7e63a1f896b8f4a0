package com.example.shop.identity;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An e-mail address as accounts know it: at most 254 characters, a local part of at most 64 (letters,
 * digits and {@code !#$%&'*+/=?^_`{|}~-}, dots between them) and a domain of at least two labels of
 * letters, digits and inner hyphens (internationalised domains in their {@code xn--} form). Quoted local
 * parts and address literals are not taken. Null counts as valid here: {@code @NotNull} says whether it is required.
 * Compare and store addresses in their normal form ({@link EmailAddresses#normalise}).
 */
@Documented
@Constraint(validatedBy = EmailAddress.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface EmailAddress {

    String message() default "must be an e-mail address such as name@example.com (at most 254 characters)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<EmailAddress, String> {
        @Override
        public boolean isValid(String address, ConstraintValidatorContext context) {
            return address == null || EmailAddresses.isValid(address);
        }
    }
}
