package com.example.shop.query.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.campaign.CampaignCreatedEvent;
import com.example.shop.campaign.DiscountClaimConsumedEvent;
import com.example.shop.campaign.DiscountClaimReleasedEvent;
import com.example.shop.campaign.DiscountClaimsGrantedEvent;
import com.example.shop.query.support.InProcessMongo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CampaignProjectionTest {

    private static final Instant START = Instant.parse("2026-11-27T00:00:00Z");
    private static final CampaignCreatedEvent CREATED =
            new CampaignCreatedEvent("bf", "Black Friday", 3, 50, START, START.plusSeconds(3600));
    private static final DiscountClaimsGrantedEvent ANN_AND_BEN = new DiscountClaimsGrantedEvent(
            "bf", 50, START.plusSeconds(1), List.of(grant("c-ann", "ann"), grant("c-ben", "ben")), 2);
    private static final DiscountClaimReleasedEvent ANN_RELEASED =
            new DiscountClaimReleasedEvent("bf", "c-ann", "ann", "payment declined", 1);
    private static final DiscountClaimsGrantedEvent ANN_AGAIN =
            new DiscountClaimsGrantedEvent("bf", 50, START.plusSeconds(5), List.of(grant("c-ann-2", "ann")), 2);
    private static final DiscountClaimConsumedEvent BEN_CONSUMED =
            new DiscountClaimConsumedEvent("bf", "c-ben", "ben", "order-1");

    private final InProcessMongo mongo = new InProcessMongo();
    private final CampaignProjection projection = new CampaignProjection(mongo.collections(), mongo.writer());

    @AfterEach
    void close() {
        mongo.close();
    }

    private static DiscountClaimsGrantedEvent.Grant grant(String claimId, String customerId) {
        return new DiscountClaimsGrantedEvent.Grant(claimId, customerId, customerId, "request-of-" + customerId);
    }

    private void applyAll() {
        projection.on(CREATED, 0);
        projection.on(ANN_AND_BEN, 1);
        projection.on(ANN_RELEASED, 2);
        projection.on(ANN_AGAIN, 3);
        projection.on(BEN_CONSUMED, 4);
    }

    private CampaignClaimView claim(String customerId) {
        return mongo.template().findById(CampaignClaimView.idOf("bf", customerId), CampaignClaimView.class);
    }

    private List<Document> everything() {
        List<Document> documents = new ArrayList<>();
        mongo.template().getCollection("campaigns").find().into(documents);
        mongo.template()
                .getCollection("campaign_claims")
                .find()
                .sort(new Document("_id", 1))
                .into(documents);
        return documents;
    }

    @Test
    void onePerCustomerClaimAndTheCountFollowGrantsReleasesAndUse() {
        applyAll();

        assertThat(mongo.template().findById("bf", CampaignView.class).granted())
                .isEqualTo(2);
        assertThat(claim("ann").claimId()).isEqualTo("c-ann-2");
        assertThat(claim("ann").status()).isEqualTo(CampaignClaimView.Status.GRANTED);
        assertThat(claim("ben").status()).isEqualTo(CampaignClaimView.Status.CONSUMED);
        assertThat(claim("ben").orderId()).isEqualTo("order-1");
        assertThat(mongo.template().getCollection("campaign_claims").countDocuments())
                .isEqualTo(2);
    }

    @Test
    void replayingEveryEventAgainLeavesTheSameDocuments() {
        applyAll();
        List<Document> live = everything();

        applyAll();

        assertThat(everything()).isEqualTo(live);
    }

    @Test
    void aLateDuplicateOfAnOldGrantDoesNotUndoTheNewerOne() {
        applyAll();
        List<Document> live = everything();

        projection.on(ANN_AND_BEN, 1);

        assertThat(everything()).isEqualTo(live);
        assertThat(claim("ann").claimId()).isEqualTo("c-ann-2");
    }
}
