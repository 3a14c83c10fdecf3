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

/// What a person typed into index.html's connect form before the console had started
/// (`crate::shell::boot`), handed to the first connect form drawn.
pub struct Carried {
    /// The password typed (wiped when dropped).
    pub password: zeroize::Zeroizing<String>,
    /// Whether Connect was pressed (or Enter) with it.
    pub submitted: bool,
}

impl Carried {
    /// A press of Connect with a password: the form sends it, once, as if pressed there.
    pub fn pressed(&self) -> bool {
        self.submitted && !self.password.is_empty()
    }
}

/// Never the password itself.
impl std::fmt::Debug for Carried {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Carried")
            .field("password_len", &self.password.len())
            .field("submitted", &self.submitted)
            .finish()
    }
}
