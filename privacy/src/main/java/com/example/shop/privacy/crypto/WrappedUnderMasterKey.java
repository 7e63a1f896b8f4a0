package com.example.shop.privacy.crypto;

/**
 * A store of secrets kept wrapped by the master key (the customers' data keys, the token signing keys). After
 * the master key is rotated in configuration, each store re-wraps its own secrets under the active one.
 */
public interface WrappedUnderMasterKey {

    /** What the store holds, as the re-wrap answer names it (e.g. {@code dataKeys}). */
    String secrets();

    /** @return how many secrets were re-wrapped */
    int rewrapUnderActiveMasterKey();
}
