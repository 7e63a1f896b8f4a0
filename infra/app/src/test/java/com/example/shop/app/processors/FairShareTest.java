package com.example.shop.app.processors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FairShareTest {

    @Test
    void theSegmentsAreSharedOutWholeAndAsEvenlyAsTheyDivide() {
        assertThat(shares(4, 1)).containsExactly(4);
        assertThat(shares(4, 2)).containsExactly(2, 2);
        assertThat(shares(4, 3)).containsExactly(2, 1, 1);
        assertThat(shares(4, 5)).containsExactly(1, 1, 1, 1, 0);
        assertThat(shares(16, 3)).containsExactly(6, 5, 5);
    }

    @Test
    void aRankBeyondTheNodesCountedGetsTheSmallerShare() {
        assertThat(LiveNodes.fairShare(4, 3, 3)).isEqualTo(1);
    }

    private static int[] shares(int segments, int nodes) {
        return IntStream.range(0, nodes)
                .map(rank -> LiveNodes.fairShare(segments, rank, nodes))
                .toArray();
    }
}
