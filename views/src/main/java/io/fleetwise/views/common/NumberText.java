package io.fleetwise.views.common;

import java.math.BigDecimal;

/** Numbers as an input field shows them. */
public final class NumberText {

    private NumberText() {
    }

    /** No exponent and no trailing zeros: 4.0 is "4", 0.50 is "0.5", 2000 is "2000". */
    public static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
