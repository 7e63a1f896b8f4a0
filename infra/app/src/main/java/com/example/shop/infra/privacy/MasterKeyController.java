package com.example.shop.infra.privacy;

import com.example.shop.infra.security.SigningKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Master keys", description = "Master-key rotation (admin)")
public class MasterKeyController {

    private final CustomerDataKeys dataKeys;
    private final SigningKeys signingKeys;
    private final BlindIndex emailIndex;

    public MasterKeyController(CustomerDataKeys dataKeys, SigningKeys signingKeys, BlindIndex emailIndex) {
        this.dataKeys = dataKeys;
        this.signingKeys = signingKeys;
        this.emailIndex = emailIndex;
    }

    public record Rewrapped(int dataKeys, int signingKeys, int blindIndexKeys) {
    }

    @PostMapping("/admin/master-keys/rewrap")
    @Operation(summary = "Re-wrap every data key, signing key and blind-index key under the active master key (after rotating it in "
            + "configuration); events and read models are not touched. Afterwards the old master key can be removed")
    public Rewrapped rewrap() {
        return new Rewrapped(dataKeys.rewrapUnderActiveMasterKey(), signingKeys.rewrapUnderActiveMasterKey(),
                emailIndex.rewrapUnderActiveMasterKey());
    }
}
