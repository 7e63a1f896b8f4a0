package com.example.shop.privacy.keys;

import com.example.shop.privacy.crypto.WrappedUnderMasterKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Master keys", description = "Master-key rotation (admin)")
public class MasterKeyController {

    private final List<WrappedUnderMasterKey> stores;

    public MasterKeyController(List<WrappedUnderMasterKey> stores) {
        this.stores = stores;
    }

    @PostMapping("/admin/master-keys/rewrap")
    @Operation(
            summary = "Re-wrap every data key, signing key and blind-index key under the active master key (after "
                    + "rotating it in configuration); events and read models are not touched. Afterwards the old master key can "
                    + "be removed. Answers how many secrets of each store were re-wrapped, e.g. "
                    + "`{\"blindIndexKeys\":1,\"dataKeys\":12,\"signingKeys\":2}`")
    public Map<String, Integer> rewrap() {
        Map<String, Integer> rewrapped = new TreeMap<>();
        stores.forEach(store -> rewrapped.put(store.secrets(), store.rewrapUnderActiveMasterKey()));
        return rewrapped;
    }
}
