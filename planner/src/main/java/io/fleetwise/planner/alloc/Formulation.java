package io.fleetwise.planner.alloc;

/**
 * Two exact, equivalent integer programmes.
 *
 * <p>{@link #PER_SLICE} is Mélange's: a binary {@code x[slice][candidate]} per slice. {@link #AGGREGATED}
 * replaces the {@code sliceFactor} binaries of one bucket by one integer {@code y[bucket][candidate]} in
 * {@code 0..sliceFactor} with {@code sum_c y = sliceFactor}. The slices of a bucket all carry the same
 * rate and the same load on a candidate, so a load constraint only sees how many of them a candidate
 * takes: every binary solution maps to {@code y = sum of its x} with the same loads and counts, and every
 * integer {@code y} maps back by giving the first {@code y[b][c1]} slices to c1, the next to c2, ... The
 * two feasible sets project onto the same counts {@code n}, so the optima are equal; the aggregated
 * form simply lacks the slice-permutation symmetry that makes branch and bound slow.
 */
public enum Formulation {
    AGGREGATED,
    PER_SLICE
}
