package io.fleetwise.views.engine;

import io.fleetwise.planner.engine.EngineProfile;
import javafx.scene.control.Menu;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;

/** The menu bar's "Engine" menu: one radio item per engine, bound to the selection. */
public final class EngineMenu {
    private EngineMenu() {
    }

    public static Menu create(EngineSelectionViewModel viewModel) {
        Menu menu = new Menu("E_ngine");
        menu.setId("engineMenu");
        ToggleGroup group = new ToggleGroup();
        for (EngineProfile engine : viewModel.engines()) {
            RadioMenuItem item = new RadioMenuItem(engine.versionLabel());
            item.setId("engine-" + engine.id());
            item.setToggleGroup(group);
            item.setUserData(engine);
            item.setSelected(engine.id().equals(viewModel.selectedProperty().get().id()));
            item.setOnAction(e -> viewModel.selectedProperty().set(engine));
            menu.getItems().add(item);
        }
        viewModel.selectedProperty().addListener((obs, old, engine) -> group.getToggles().forEach(t ->
                t.setSelected(((EngineProfile) t.getUserData()).id().equals(engine.id()))));
        return menu;
    }
}
