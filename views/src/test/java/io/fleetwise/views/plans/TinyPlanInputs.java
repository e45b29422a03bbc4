package io.fleetwise.views.plans;

/** Plans inputs that search in about a second: the 70B in fp8 on two H100s, 60 requests at 2/s, a loose SLO. */
final class TinyPlanInputs {

    private TinyPlanInputs() {
    }

    static void fill(PlansViewModel vm) {
        vm.modelProperty().set("Llama-3.1-70B");
        vm.clusterTextProperty().set("2xH100-SXM");
        vm.rateProperty().set("2");
        vm.requestsProperty().set("60");
        vm.sloTtftMsProperty().set("3000");
        vm.sloTpotMsProperty().set("150");
        vm.weightsProperty().set("fp8");
    }
}
