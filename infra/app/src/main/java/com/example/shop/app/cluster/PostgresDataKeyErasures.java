package com.example.shop.app.cluster;

import com.example.shop.privacy.keys.CustomerDataKeys;
import com.example.shop.privacy.keys.DataKeyErasures;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A customer's erasure told to every node over {@link PostgresChannels}: each one, this one included, forgets the
 * data key it cached for the customer. Should a node miss the message (its listener reconnecting), the key's cache
 * time bounds how long it still opens the customer's data.
 */
@Component
public class PostgresDataKeyErasures implements DataKeyErasures {

    static final String CHANNEL = "shop_data_key_erased";

    private final PostgresChannels channels;

    /** @param dataKeys lazily: the data keys are made with this as their erasures */
    public PostgresDataKeyErasures(PostgresChannels channels, ObjectProvider<CustomerDataKeys> dataKeys) {
        this.channels = channels;
        channels.subscribe(CHANNEL, customerId -> dataKeys.getObject().forget(customerId), () -> {});
    }

    @Override
    public void erased(String customerId) {
        channels.send(CHANNEL, customerId);
    }
}
