package io.fleetwise.views.common;

import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.NestedTableColumnHeader;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.control.skin.TableHeaderRow;
import javafx.scene.control.skin.TableViewSkin;
import javafx.scene.control.skin.TableViewSkinBase;
import javafx.util.Callback;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tables whose columns are as wide as their header and their content, as a double click on a column border makes
 * them (JavaFX's own measurement, {@code TableColumnHeader.resizeColumnToFitContent}), redone when the rows change.
 * A column given a maximum width stops there and its cells show their full text in a tooltip; a header may be
 * shorter than the column's full name, which then shows in the header's tooltip. The user can still drag a border.
 */
public final class TableFit {

    private static final String FULL_NAME_KEY = "fleetwise.columnFullName";
    /** Rows measured per fit: enough for every table the areas show in full, bounded for long ones. */
    static final int ROWS_MEASURED = 200;
    /** Room JavaFX keeps in a header for the sort arrow once a column is sorted. */
    private static final double SORT_ARROW_ROOM = 14;

    private TableFit() {
    }

    /** Sizes {@code table}'s columns to their content now and whenever its rows or columns change. */
    public static <T> TableView<T> install(TableView<T> table) {
        FittingSkin<T> skin = new FittingSkin<>(table);
        table.setSkin(skin);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        Runnable later = () -> Platform.runLater(skin::fitAll);
        table.itemsProperty().addListener((o, old, items) -> {
            later.run();
            if (items != null) {
                items.addListener((ListChangeListener<T>) c -> later.run());
            }
        });
        if (table.getItems() != null) {
            table.getItems().addListener((ListChangeListener<T>) c -> later.run());
        }
        table.getColumns().addListener((ListChangeListener<TableColumn<T, ?>>) c -> later.run());
        table.sceneProperty().addListener((o, old, scene) -> {
            if (scene != null) {
                later.run();
            }
        });
        later.run();
        return table;
    }

    /**
     * The column's header is an abbreviation of {@code fullName}; the header's tooltip says it in full (before the
     * glossary's explanation, {@link ThemedNodes#explainMetrics}).
     */
    public static <S, T> TableColumn<S, T> fullName(TableColumn<S, T> column, String fullName) {
        column.getProperties().put(FULL_NAME_KEY, fullName);
        return column;
    }

    /** The full name set with {@link #fullName}, if the header is an abbreviation. */
    public static Optional<String> fullNameOf(TableColumnBase<?, ?> column) {
        return column.getProperties().get(FULL_NAME_KEY) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * A text column that stops at {@code maxWidth}: its cells show what fits and their full text in a tooltip, so a
     * long source or explanation does not push every other column out of sight.
     */
    public static <S> TableColumn<S, String> longText(TableColumn<S, String> column, double maxWidth) {
        column.setMaxWidth(maxWidth);
        Callback<TableColumn<S, String>, TableCell<S, String>> inner = column.getCellFactory();
        column.setCellFactory(c -> {
            TableCell<S, String> cell = inner.call(c);
            Tooltip tip = new Tooltip();
            tip.setWrapText(true);
            tip.setMaxWidth(480);
            cell.itemProperty().addListener((o, old, item) -> {
                tip.setText(item);
                cell.setTooltip(item == null || item.isBlank() ? null : tip);
            });
            return cell;
        });
        return column;
    }

    /** A table skin whose leaf column headers can be asked to fit their column. */
    private static final class FittingSkin<T> extends TableViewSkin<T> {
        // no initializer: the super constructor already creates the headers, before field initializers would run
        private List<FittingHeader> headers;

        FittingSkin(TableView<T> table) {
            super(table);
        }

        private List<FittingHeader> headers() {
            if (headers == null) {
                headers = new ArrayList<>();
            }
            return headers;
        }

        @Override
        protected TableHeaderRow createTableHeaderRow() {
            return new TableHeaderRow(this) {
                @Override
                protected NestedTableColumnHeader createRootHeader() {
                    return new NestedTableColumnHeader(null) {
                        @Override
                        protected TableColumnHeader createTableColumnHeader(TableColumnBase col) {
                            if (col != null && col.getColumns().isEmpty()) {
                                FittingHeader header = new FittingHeader(col);
                                headers().add(header);
                                return header;
                            }
                            return super.createTableColumnHeader(col);
                        }
                    };
                }
            };
        }

        void fitAll() {
            if (getSkinnable() == null || getSkinnable().getSkin() != this || getSkinnable().getScene() == null) {
                return;
            }
            // measure with the stylesheet's font, and after the header row has made its headers (its first layout)
            getSkinnable().applyCss();
            getSkinnable().layout();
            headers().removeIf(h -> h.getTableColumn() == null || !getSkinnable().getVisibleLeafColumns()
                    .contains(h.getTableColumn()));
            for (FittingHeader header : headers()) {
                header.fit();
            }
        }
    }

    /** A leaf header that exposes JavaFX's fit-to-content (the double-click on the border). */
    private static final class FittingHeader extends TableColumnHeader {
        FittingHeader(TableColumnBase<?, ?> column) {
            super(column);
        }

        void fit() {
            TableViewSkinBase<?, ?, ?, ?, ?> skin = getTableSkin();
            TableColumnBase<?, ?> column = getTableColumn();
            if (skin == null || column == null || !column.isVisible()) {
                return;
            }
            // the header never shrinks below its text, also while the table is empty (JavaFX then measures nothing)
            double header = headerWidth();
            if (header > 0) {
                column.setMinWidth(Math.min(header, column.getMaxWidth()));
                if (column.getWidth() < column.getMinWidth()) {
                    column.setPrefWidth(column.getMinWidth());
                }
            }
            resizeColumnToFitContent(ROWS_MEASURED);
        }

        /** The header's label at its preferred width, with the header's padding and room for the sort arrow. */
        private double headerWidth() {
            for (javafx.scene.Node child : getChildrenUnmodifiable()) {
                if (child instanceof javafx.scene.control.Label label) {
                    double arrow = getTableColumn().isSortable() ? SORT_ARROW_ROOM : 0;
                    return Math.ceil(label.prefWidth(-1) + snappedLeftInset() + snappedRightInset() + arrow);
                }
            }
            return 0;
        }
    }
}
