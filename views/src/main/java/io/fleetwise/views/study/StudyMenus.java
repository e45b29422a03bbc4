package io.fleetwise.views.study;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The study items of the File menu and the Edit menu (undo/redo), with their dialogs. */
public final class StudyMenus {

    private final StudyViewModel viewModel;
    private final Supplier<Window> owner;

    public StudyMenus(StudyViewModel viewModel, Supplier<Window> owner) {
        this.viewModel = viewModel;
        this.owner = owner;
    }

    /** New, Open, Recent, Save as, Duplicate, Delete, Import, Export, in File-menu order. */
    public List<MenuItem> fileItems() {
        MenuItem newItem = item("_New study…", "newStudyItem", "Shortcut+N", () -> ask("New study", "Name of the new study:", "")
                .ifPresent(viewModel::newStudy));
        MenuItem open = item("_Open study…", "openStudyItem", "Shortcut+O", this::chooseAndOpen);
        Menu recent = new Menu("_Recent studies");
        recent.setId("recentStudiesMenu");
        recent.setOnShowing(e -> recent.getItems().setAll(viewModel.recentNames().stream().map(name -> {
            MenuItem i = new MenuItem(name);
            i.setMnemonicParsing(false);
            i.setOnAction(a -> viewModel.open(name));
            return i;
        }).toList()));
        recent.getItems().add(new MenuItem("(none)"));
        MenuItem saveAs = item("Save study _as…", "saveStudyAsItem", "Shortcut+Shift+S",
                () -> ask("Save study as", "New name:", viewModel.current().document().name() + " v2").ifPresent(viewModel::saveAs));
        MenuItem duplicate = item("_Duplicate study", "duplicateStudyItem", "Shortcut+D", viewModel::duplicate);
        MenuItem delete = item("De_lete study…", "deleteStudyItem", "Shortcut+Delete", this::confirmAndDelete);
        MenuItem importItem = item("_Import study…", "importStudyItem", "Shortcut+I", this::chooseAndImport);
        MenuItem export = item("_Export study…", "exportStudyItem", "Shortcut+E", this::chooseAndExport);
        return List.of(newItem, open, recent, saveAs, duplicate, delete, new SeparatorMenuItem(), importItem, export,
                new SeparatorMenuItem());
    }

    public Menu editMenu() {
        MenuItem undo = item("_Undo", "undoItem", "Shortcut+Z", viewModel::undo);
        undo.disableProperty().bind(viewModel.current().canUndoProperty().not());
        MenuItem redo = item("_Redo", "redoItem", "Shortcut+Y", viewModel::redo);
        redo.disableProperty().bind(viewModel.current().canRedoProperty().not());
        Menu edit = new Menu("_Edit", null, undo, redo);
        edit.setId("editMenu");
        return edit;
    }

    private MenuItem item(String text, String id, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        item.setAccelerator(KeyCombination.keyCombination(accelerator));
        item.setOnAction(e -> action.run());
        return item;
    }

    private Optional<String> ask(String title, String prompt, String initial) {
        TextInputDialog dialog = new TextInputDialog(initial);
        dialog.initOwner(owner.get());
        dialog.setTitle(title);
        dialog.setHeaderText(null);
        dialog.setContentText(prompt);
        return dialog.showAndWait().map(String::trim).filter(s -> !s.isEmpty());
    }

    private void chooseAndOpen() {
        List<String> names = viewModel.studyNames();
        if (names.isEmpty()) {
            return;
        }
        ChoiceDialog<String> dialog = new ChoiceDialog<>(viewModel.current().document().name(), names);
        dialog.initOwner(owner.get());
        dialog.setTitle("Open study");
        dialog.setHeaderText(null);
        dialog.setContentText("Study:");
        dialog.showAndWait().ifPresent(viewModel::open);
    }

    private void confirmAndDelete() {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "Delete study '" + viewModel.current().document().name()
                + "' and everything stored with it? Export it first to keep a copy.", ButtonType.OK, ButtonType.CANCEL);
        alert.initOwner(owner.get());
        alert.setHeaderText(null);
        alert.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> viewModel.deleteCurrent());
    }

    private FileChooser jsonChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Study JSON (*.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        return chooser;
    }

    private void chooseAndImport() {
        File file = jsonChooser("Import study").showOpenDialog(owner.get());
        if (file != null) {
            viewModel.importFrom(file.toPath());
        }
    }

    private void chooseAndExport() {
        FileChooser chooser = jsonChooser("Export study");
        chooser.setInitialFileName(viewModel.current().document().name().replaceAll("[^A-Za-z0-9._-]+", "-") + ".json");
        File file = chooser.showSaveDialog(owner.get());
        if (file != null) {
            viewModel.exportTo(file.toPath());
        }
    }
}
