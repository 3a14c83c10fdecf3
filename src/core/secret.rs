//! Typed secrets in form signals: a keystroke replaces the old text in place, wiping it, so
//! the signal leaves no stale copies behind (the DOM input's own value is a JS string, out of
//! reach; it is emptied once the secret is used).

use zeroize::Zeroize;

/// Replaces `held` with `typed`, wiping both the old text and `typed`'s buffer.
pub fn replace(held: &mut String, mut typed: String) {
    held.zeroize();
    held.push_str(&typed);
    typed.zeroize();
}

/// Wipes `held` (an emptied form field).
pub fn clear(held: &mut String) {
    held.zeroize();
}
