package io.fleetwise.views.timeline;

import io.fleetwise.datastore.trace.NameStats;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TrackInfo;
import io.fleetwise.datastore.trace.model.Viewport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The view model without the FX toolkit: results are delivered on the query thread. */
class TimelineViewModelTest {
    @TempDir
    Path dir;
    private TimelineViewModel vm;

    @BeforeEach
    void open() throws Exception {
        TraceStore store = TraceStore.open(dir.resolve("t.db"));
        long traceId = TestdataTraces.servingTrace(store);
        vm = new TimelineViewModel(store, traceId, Runnable::run);
        vm.open();
        await(vm::isLoaded);
    }

    @AfterEach
    void close() {
        vm.close();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void openingAnImportedTraceSaysWhatItsImportRepairedAndSkipped() throws Exception {
        Path file = dir.resolve("rounded.json");
        java.nio.file.Files.writeString(file, """
                {"traceEvents":[
                  {"ph":"X","name":"a","pid":1,"tid":7,"ts":10.0,"dur":2.0},
                  {"ph":"X","name":"b","pid":1,"tid":7,"ts":11.999,"dur":2.0},
                  {"ph":"P","name":"sample","pid":1,"tid":7,"ts":13.0}
                ]}""");
        TraceStore store = TraceStore.open(dir.resolve("imported.db"));
        long id = new io.fleetwise.datastore.trace.interop.ChromeTraceImporter(store)
                .importFile(file, "rounded", null, io.fleetwise.planner.progress.ProgressListener.NONE).trace().id();
        TimelineViewModel reopened = new TimelineViewModel(store, id, Runnable::run);
        try {
            reopened.open();
            await(() -> !reopened.statusDetailProperty().get().isEmpty());

            assertThat(reopened.statusProperty().get()).startsWith("rounded: 2 events, ").endsWith("; import: 1 repaired, 1 skipped");
            assertThat(reopened.statusDetailProperty().get()).startsWith("import: 2 accepted, 1 repaired (1 improperly nested slices")
                    .contains("1 skipped (1 events of phase 'P'");
        } finally {
            reopened.close();
        }
    }

    @Test
    void searchWalksMatchesInTimeOrderBothWays() throws Exception {
        vm.searchTextProperty().set("KERNEL_1");
        vm.searchNext();
        await(() -> vm.selectedSliceProperty().get() != null);
        assertThat(vm.selectedSliceProperty().get().name()).isEqualTo("kernel_1");
        vm.searchNext();
        await(() -> vm.selectedSliceProperty().get().name().equals("kernel_10"));
        vm.searchPrevious();
        await(() -> vm.selectedSliceProperty().get().name().equals("kernel_1"));
        assertThat(vm.detailsProperty().get()).startsWith("kernel_1\n").contains("Flow in (launch) <- cudaLaunchKernel");
        Viewport v = vm.viewportProperty().get();
        assertThat(v.startNs()).isLessThanOrEqualTo(2_500_000L);
        assertThat(v.endNs()).isGreaterThanOrEqualTo(3_500_000L);
    }

    @Test
    void rangeSelectionCountsSlicesByNameInTheRange() throws Exception {
        vm.selectRange(4_000_000, 0);
        await(() -> !vm.rangeStats().isEmpty());
        assertThat(vm.rangeStats()).extracting(NameStats::name).contains("step", "kernel_0", "kernel_1", "cudaLaunchKernel");
        NameStats launches = vm.rangeStats().stream().filter(s -> s.name().equals("cudaLaunchKernel")).findFirst().orElseThrow();
        assertThat(launches.count()).isEqualTo(2);
        assertThat(launches.meanDurNs()).isEqualTo(100_000.0);
        assertThat(vm.selectedRangeProperty().get()).containsExactly(0L, 4_000_000L);
    }

    @Test
    void windowRequestsAreAnsweredWithDataCoveringTheView() throws Exception {
        List<Long> ids = vm.tracks().stream().filter(t -> t.parentId() != null).map(TrackInfo::id).toList();
        vm.zoom(100_000_000L, 0.01);
        vm.ensureWindow(ids, 1000);
        await(() -> vm.windowProperty().get() != null);
        Viewport v = vm.viewportProperty().get();
        assertThat(vm.windowProperty().get().covers(v.startNs(), v.endNs(), v.nsPerPixel(1000))).isTrue();
        assertThat(vm.windowProperty().get().tracks().keySet()).containsAll(ids);
    }
}
