//! File names for exported documents that are safe on every desktop system.

/// The longest name in UTF-8 bytes, extension included (ext4, APFS and NTFS allow 255).
const MAX_BYTES: usize = 180;

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Characters that would hide or reorder what a name shows (zero-width, bidi controls).
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        | '\u{061C}' | '\u{00AD}')
}

/// A file name for `title` with extension `ext`: CJK and other letters kept; path
/// separators, characters Windows forbids and control characters replaced by `_`;
/// invisible and bidi characters dropped; no leading dots or spaces, no trailing dots or
/// spaces; reserved device names (`CON`, `NUL`, `COM1`…) prefixed with `_`; at most 180
/// bytes; never empty (`fallback` then).
pub fn safe_file_name(title: &str, fallback: &str, ext: &str) -> String {
    let mut stem = String::with_capacity(title.len());
    let mut last_space = false;
    for c in title.chars() {
        if invisible(c) {
            continue;
        }
        let c = if c.is_whitespace() {
            ' '
        } else if c.is_control()
            || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        {
            '_'
        } else {
            c
        };
        // Runs of spaces become one.
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        stem.push(c);
    }
    let mut stem = stem
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_owned();
    if stem.is_empty() {
        stem = fallback.to_owned();
    }
    let base = stem.split('.').next().unwrap_or_default().trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(base)) {
        stem.insert(0, '_');
    }
    let room = MAX_BYTES.saturating_sub(ext.len() + 1);
    if stem.len() > room {
        let mut cut = room;
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        stem.truncate(cut);
        let trimmed = stem.trim_end_matches(['.', ' ']).len();
        stem.truncate(trimmed);
    }
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

#[cfg(test)]
mod tests {
    use super::safe_file_name;

    #[test]
    fn names() {
        for (title, expected) in [
            (
                "社区图书馆如何成为城市“第三空间”",
                "社区图书馆如何成为城市“第三空间”.md",
            ),
            ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j.md"),
            ("../../etc/passwd", "_.._etc_passwd.md"),
            ("..hidden", "hidden.md"),
            ("  spaced   out  ", "spaced out.md"),
            ("CON", "_CON.md"),
            ("nul.txt", "_nul.txt.md"),
            ("Com1", "_Com1.md"),
            ("CONSOLE", "CONSOLE.md"),
            ("tab\there\nnew\u{7}bell", "tab here new_bell.md"),
            ("evil\u{202E}gpj.exe", "evilgpj.exe.md"),
            ("zero\u{200B}width", "zerowidth.md"),
            ("", "untitled.md"),
            ("...", "untitled.md"),
            ("trailing dot.", "trailing dot.md"),
        ] {
            assert_eq!(
                safe_file_name(title, "untitled", "md"),
                expected,
                "{title:?}"
            );
        }
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary() {
        let title = "圆桌".repeat(200);
        let name = safe_file_name(&title, "x", "html");
        assert!(name.len() <= 180, "{}", name.len());
        assert!(
            name.ends_with("圆.html") || name.ends_with("桌.html"),
            "{name}"
        );
    }
}
