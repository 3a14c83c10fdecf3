//! Enumerations the agent may extend (a new task state, a new identity): a value this console
//! does not know is kept as the agent wrote it, never a decode error. Unknown texts are interned
//! once per distinct value, so the enums stay `Copy`.

use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

/// The one `'static` copy of `text`, leaked at most once per distinct value.
pub fn intern(text: &str) -> &'static str {
    static SEEN: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut seen = match SEEN.get_or_init(Mutex::default).lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(found) = seen.get(text) {
        return found;
    }
    let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
    seen.insert(leaked);
    leaked
}

/// Implements `as_str`, `Display`, `Serialize` and a `Deserialize` that keeps unknown values in
/// `Other` for an enum of known texts.
#[macro_export]
macro_rules! open_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this console does not know, as the agent wrote it.
            Other(&'static str),
        }

        impl $name {
            /// Every known value.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Other(text) => text,
                }
            }

            /// The value of `text` (exact spelling), unknown texts kept in `Other`.
            pub fn from_wire(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)*
                    other => Self::Other($crate::open_enum::intern(other)),
                }
            }

            /// Whether this is a value the console does not know.
            pub fn is_unknown(self) -> bool {
                matches!(self, Self::Other(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from_wire(&text))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn interned_once() {
        let a = super::intern("PAUSED");
        let b = super::intern(&String::from("PAUSED"));
        assert!(std::ptr::eq(a, b));
    }
}
