package com.example.shop.identity;

import java.util.Locale;
import java.util.regex.Pattern;

/** What {@link EmailAddress} accepts, and the normal form in which addresses are stored and compared. */
public final class EmailAddresses {

    public static final int MAX_LENGTH = 254;

    private static final Pattern SYNTAX =
            Pattern.compile("(?=[^@]{1,64}@)[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private EmailAddresses() {}

    /** Surrounding white space dropped, lower case. */
    public static String normalise(String address) {
        return address == null ? null : address.strip().toLowerCase(Locale.ROOT);
    }

    /** Whether an address, once normalised, is one accounts accept. */
    public static boolean isValid(String address) {
        String normal = normalise(address);
        return normal != null
                && normal.length() <= MAX_LENGTH
                && SYNTAX.matcher(normal).matches();
    }
}
