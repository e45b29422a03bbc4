package io.fleetwise.planner.alloc;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.RequestTrace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WorkloadBucketsTest {

    @Test
    void traceCountsBecomeSharesOnTheEdges() {
        RequestTrace trace = new RequestTrace("t", new long[] {0, 1, 2, 3}, new int[] {10, 10, 300, 9000},
                new int[] {5, 200, 5, 5});
        List<WorkloadBucket> buckets = WorkloadBuckets.fromTrace(trace, new int[] {1, 256, 4096}, new int[] {1, 128, 1024});
        assertThat(buckets).extracting(WorkloadBucket::name).containsExactly("input 1-256 x output 1-128",
                "input 1-256 x output 128-1024", "input 256-4096 x output 1-128", "input 256-4096 x output 128-1024");
        // the 9000-token prompt lies beyond the last edge and counts in the last input bucket
        assertThat(buckets).extracting(WorkloadBucket::rateShare).containsExactly(0.25, 0.25, 0.5, 0.0);
    }

    @Test
    void presetSharesSumToOne() {
        List<WorkloadBucket> buckets = WorkloadBuckets.fromLengths(LengthPresets.preset("chat"),
                new int[] {1, 256, 1024, 8192}, new int[] {1, 64, 256, 2048}, 20_000, 1L);
        assertThat(buckets).hasSize(9);
        assertThat(buckets.stream().mapToDouble(WorkloadBucket::rateShare).sum()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void capsAddUpTheUsableGpusOfEachType() {
        GpuType h100 = Catalog.builtIn().gpu("h100-sxm");
        GpuType l40s = Catalog.builtIn().gpu("l40s");
        Cluster cluster = new Cluster("c", List.of(new NodeGroup("a", Node.standard(h100), 2, 0),
                new NodeGroup("b", Node.standard(h100), 1, 4), new NodeGroup("c", Node.standard(l40s), 1, 0)));
        int perNode = Node.standard(h100).gpuCount();
        assertThat(WorkloadBuckets.capsFrom(cluster)).containsEntry(h100.name(), 2 * perNode + Math.min(4, perNode))
                .containsEntry(l40s.name(), Node.standard(l40s).gpuCount());
    }

    @Test
    void edgesMustIncrease() {
        assertThatThrownBy(() -> WorkloadBuckets.parseEdges("1,512,256", "input")).hasMessageContaining("increasing");
        assertThatThrownBy(() -> WorkloadBuckets.parseEdges("1,x", "output")).hasMessageContaining("'x'");
    }
}
