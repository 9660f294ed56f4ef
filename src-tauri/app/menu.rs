//! The native menu bar. Items carry accelerators; choosing one sends a `menu` event with the
//! item's id to the UI, which does the work (the same code as its keyboard shortcuts).
//!
//! Edit also holds the predefined Cut, Copy, Paste and Select All: on macOS a key equivalent
//! reaches the web view only through a menu item, so without them Cmd+C/V/X/A do nothing
//! there. On Linux they only label the keys (GTK does not register their accelerators), so
//! the keys keep going straight to the web view. Undo and Redo stay the app's own items: the
//! predefined ones would undo inside the focused text field on macOS, not the document.

use tauri::menu::{
    Menu, MenuBuilder, MenuEvent, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder,
};
use tauri::{AppHandle, Emitter, Runtime};

/// (id, English, Chinese, accelerator) for each item, by submenu.
type Item = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const FILE: &[Item] = &[
    ("import", "Import…", "导入…", Some("CmdOrCtrl+N")),
    (
        "open-file",
        "Import File…",
        "导入文件…",
        Some("CmdOrCtrl+O"),
    ),
    ("export", "Export…", "导出…", Some("CmdOrCtrl+E")),
    (
        "copy-html",
        "Copy as HTML",
        "复制为 HTML",
        Some("CmdOrCtrl+Shift+C"),
    ),
    ("library", "Library", "文库", Some("CmdOrCtrl+L")),
    ("quit", "Quit", "退出", Some("CmdOrCtrl+Q")),
];
const EDIT: &[Item] = &[
    ("undo", "Undo", "撤销", Some("CmdOrCtrl+Z")),
    ("redo", "Redo", "重做", Some("CmdOrCtrl+Shift+Z")),
    ("find", "Find", "查找", Some("CmdOrCtrl+F")),
    // Ctrl+H is Replace on Windows and Linux, as in every editor there.
    ("replace", "Replace", "替换", Some("CmdOrCtrl+H")),
];
const VIEW: &[Item] = &[
    ("history", "History", "历史记录", Some("CmdOrCtrl+Shift+H")),
    ("participants", "Participants", "参与者", None),
    ("language", "中文 / English", "English / 中文", None),
    ("theme-system", "Theme: System", "主题：跟随系统", None),
    ("theme-light", "Theme: Light", "主题：浅色", None),
    ("theme-dark", "Theme: Dark", "主题：深色", None),
];
const HELP: &[Item] = &[
    (
        "shortcuts",
        "Keyboard Shortcuts",
        "键盘快捷键",
        Some("CmdOrCtrl+/"),
    ),
    (OPEN_LOG_FOLDER, "Open Log Folder", "打开日志文件夹", None),
];

/// The one item the shell handles itself rather than the UI.
const OPEN_LOG_FOLDER: &str = "open-log-folder";

/// Appends `items` to `submenu`, in English or Chinese.
fn add<'m, R: Runtime>(
    app: &'m AppHandle<R>,
    mut submenu: SubmenuBuilder<'m, R, AppHandle<R>>,
    items: &[Item],
    zh: bool,
) -> tauri::Result<SubmenuBuilder<'m, R, AppHandle<R>>> {
    for &(id, en, cn, accel) in items {
        let mut item = MenuItemBuilder::with_id(id, if zh { cn } else { en });
        if let Some(a) = accel {
            item = item.accelerator(a);
        }
        submenu = submenu.item(&item.build(app)?);
    }
    Ok(submenu)
}

fn build<R: Runtime>(app: &AppHandle<R>, zh: bool) -> tauri::Result<Menu<R>> {
    let pick = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    let sub =
        |title: &str, items: &[Item]| add(app, SubmenuBuilder::new(app, title), items, zh)?.build();
    let (history, text) = EDIT.split_at(2);
    let edit = add(
        app,
        SubmenuBuilder::new(app, pick("Edit", "编辑")),
        history,
        zh,
    )?
    .separator()
    .item(&PredefinedMenuItem::cut(app, Some(pick("Cut", "剪切")))?)
    .item(&PredefinedMenuItem::copy(app, Some(pick("Copy", "复制")))?)
    .item(&PredefinedMenuItem::paste(
        app,
        Some(pick("Paste", "粘贴")),
    )?)
    .item(&PredefinedMenuItem::select_all(
        app,
        Some(pick("Select All", "全选")),
    )?)
    .separator();
    let edit = add(app, edit, text, zh)?.build()?;
    MenuBuilder::new(app)
        .item(&sub(pick("File", "文件"), FILE)?)
        .item(&edit)
        .item(&sub(pick("View", "视图"), VIEW)?)
        .item(&sub(pick("Help", "帮助"), HELP)?)
        .build()
}

/// Builds the menu in `language` (a BCP 47 tag or a POSIX locale; Chinese when it starts
/// with `zh`) and sets it on the app.
pub fn install<R: Runtime>(app: &AppHandle<R>, language: &str) -> tauri::Result<()> {
    let zh = language.to_ascii_lowercase().starts_with("zh");
    app.set_menu(build(app, zh)?)?;
    Ok(())
}

/// Sends the chosen item to the UI; quits on Quit.
pub fn forward<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().0.as_str();
    if id == "quit" {
        app.exit(0);
        return;
    }
    if id == OPEN_LOG_FOLDER {
        crate::logs::open_folder(app);
        return;
    }
    // Only the main window listens; if it is gone there is nobody to tell.
    let _ = app.emit_to("main", "menu", id);
}
