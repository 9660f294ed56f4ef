//! The native menu bar. Items carry accelerators; choosing one sends a `menu` event with the
//! item's id to the UI, which does the work (the same code as its keyboard shortcuts).

use tauri::menu::{Menu, MenuBuilder, MenuEvent, MenuItemBuilder, SubmenuBuilder};
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
const HELP: &[Item] = &[(
    "shortcuts",
    "Keyboard Shortcuts",
    "键盘快捷键",
    Some("CmdOrCtrl+/"),
)];

fn build<R: Runtime>(app: &AppHandle<R>, zh: bool) -> tauri::Result<Menu<R>> {
    let pick = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    let sub = |title: &str, items: &[Item]| -> tauri::Result<_> {
        let mut s = SubmenuBuilder::new(app, title);
        for &(id, en, cn, accel) in items {
            let mut item = MenuItemBuilder::with_id(id, pick(en, cn));
            if let Some(a) = accel {
                item = item.accelerator(a);
            }
            s = s.item(&item.build(app)?);
        }
        s.build()
    };
    MenuBuilder::new(app)
        .item(&sub(pick("File", "文件"), FILE)?)
        .item(&sub(pick("Edit", "编辑"), EDIT)?)
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
    // Only the main window listens; if it is gone there is nobody to tell.
    let _ = app.emit_to("main", "menu", id);
}
