//! Cuts a reply down to what the member wrote: everything from the quote header of the
//! mail client (Gmail, Outlook, Apple Mail, Thunderbird, in English and French), our own
//! marker line, a signature (`-- `) or a "Sent from my phone" line onwards, and any
//! `>`-quoted line.

/// The line at the top of every notification mail's text; a reply is cut where it is
/// quoted.
pub const MARKER: &str = "##- Reply to this email to post your answer (above this line) -##";

/// The member's own text of a plain-text reply.
pub fn reply_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let cut = (0..lines.len())
        .find(|&i| starts_quote(&lines, i))
        .unwrap_or(lines.len());
    let kept: Vec<&str> = lines[..cut]
        .iter()
        .filter(|l| !l.trim_start().starts_with('>'))
        .copied()
        .collect();
    kept.join("\n").trim().to_string()
}

/// Whether the quoted part (or a signature) starts at line `i`.
fn starts_quote(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");
    is_marker(line)
        || lines[i] == "-- "
        || line == "--"
        || is_separator(line)
        || is_device_signature(line)
        || is_attribution(line, next)
        || is_header_block(lines, i)
}

fn is_marker(line: &str) -> bool {
    line.contains("##- ") && line.contains(" -##") || line.contains("(above this line)")
}

fn is_separator(line: &str) -> bool {
    let l = line.to_lowercase();
    let dashed = l.trim_matches(|c| c == '-' || c == ' ');
    (l.starts_with("---")
        && matches!(
            dashed,
            "original message"
                | "message d'origine"
                | "message original"
                | "forwarded message"
                | "message transféré"
        ))
        || (line.len() >= 20 && line.chars().all(|c| c == '_'))
}

fn is_device_signature(line: &str) -> bool {
    let l = line.to_lowercase();
    [
        "sent from my ",
        "envoyé de mon ",
        "envoyé depuis mon ",
        "get outlook for ",
        "obtenir outlook pour ",
        "sent from mail for windows",
        "sent from outlook",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

/// "On … wrote:" (Gmail, Apple Mail, Thunderbird) and "Le … a écrit :", possibly wrapped
/// onto the next line by the client.
fn is_attribution(line: &str, next: &str) -> bool {
    let l = line.to_lowercase();
    let joined = format!("{l} {}", next.to_lowercase());
    let ends_wrote = |s: &str| {
        let s = s.trim_end();
        s.ends_with("wrote:") || s.ends_with("a écrit :") || s.ends_with("a écrit:")
    };
    (l.starts_with("on ") || l.starts_with("le ")) && (ends_wrote(&l) || ends_wrote(&joined))
}

/// Outlook's header block: "From: …" then "Sent: …"/"Date: …" within a few lines (also
/// bold in converted HTML, and in French "De : …" / "Envoyé : …").
fn is_header_block(lines: &[&str], i: usize) -> bool {
    let field = |l: &str| -> Option<String> {
        let l = l.trim().trim_start_matches("**").to_lowercase();
        let (name, _) = l.split_once(':')?;
        Some(name.trim().trim_end_matches("**").trim().to_string())
    };
    if !matches!(field(lines[i]).as_deref(), Some("from") | Some("de")) {
        return false;
    }
    lines.iter().skip(i + 1).take(4).any(|l| {
        matches!(
            field(l).as_deref(),
            Some("sent") | Some("date") | Some("envoyé") | Some("to") | Some("à")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_gmail_attribution_wrapped_on_two_lines() {
        let text = "Thanks, that fixed it.\n\nOn Fri, Dec 4, 2026 at 10:00 AM Parley <\nreply+abc@example.com> wrote:\n> old";
        assert_eq!(reply_text(text), "Thanks, that fixed it.");
        let text = "Merci !\n\nLe ven. 4 déc. 2026 à 10:00, Parley <reply+abc@example.com> a\nécrit :\n> old";
        assert_eq!(reply_text(text), "Merci !");
    }

    #[test]
    fn cuts_outlook_blocks_signatures_and_quotes() {
        let text = "Yes.\r\n\r\n-----Original Message-----\r\nFrom: Parley\r\nSent: Friday\r\n";
        assert_eq!(reply_text(text), "Yes.");
        let text = "Oui.\n\nDe : Parley <x@y>\nEnvoyé : vendredi\nÀ : moi\n";
        assert_eq!(reply_text(text), "Oui.");
        let text = "Done.\n-- \nAna, Widgets Inc.";
        assert_eq!(reply_text(text), "Done.");
        let text = "Done.\n\nSent from my iPhone\n\n> quoted";
        assert_eq!(reply_text(text), "Done.");
        let text = "Top\n> quoted\nbottom";
        assert_eq!(reply_text(text), "Top\nbottom");
        let text = format!("Mine\n\n{MARKER}\nold notification");
        assert_eq!(reply_text(&text), "Mine");
    }

    #[test]
    fn keeps_ordinary_lines_that_look_a_little_like_headers() {
        let text = "From: the docs, step 3 works.\nOn Monday it failed.";
        assert_eq!(reply_text(text), text);
    }
}
