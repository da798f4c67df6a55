//! Stable keys for the app's choices. A link stores a choice by its key, so keys are
//! written out once per value and never derived from a display label: rewording a label
//! must not break a link that people have already shared.

/// A closed set of choices, each with a stable key (links, forms, exports) and a label.
pub trait Keyed: Copy + Eq + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The value's key in links and forms: stable across releases.
    fn key(self) -> &'static str;
    /// What a person reads.
    fn label(self) -> &'static str;
    /// The value with `key`, if any.
    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.key() == key)
    }
}

/// Declares a fieldless enum whose every value has an explicit key and label, and
/// implements [`Keyed`] for it (plus inherent `ALL`, `key`, `label`, `from_key`, so
/// callers need no trait import).
///
/// ```
/// msc_hsct::keyed_enum! {
///     /// A colour.
///     pub enum Colour { Red = ("red", "Red"), Blue = ("blue", "Blue") }
/// }
/// assert_eq!(Colour::from_key("blue"), Some(Colour::Blue));
/// assert_eq!(Colour::ALL.len(), 2);
/// ```
#[macro_export]
macro_rules! keyed_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = ($key:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name { $( $(#[$vmeta])* $variant ),+ }

        // Not every keyed type uses every method.
        #[allow(dead_code)]
        impl $name {
            /// Every value, in display order.
            pub const ALL: [$name; [$($key),+].len()] = [$($name::$variant),+];

            /// The value's stable key in links and forms.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// What a person reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The value with `key`, if any.
            pub fn from_key(key: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|value| value.key() == key)
            }
        }

        impl $crate::domain::keys::Keyed for $name {
            const ALL: &'static [Self] = &$name::ALL;
            fn key(self) -> &'static str { $name::key(self) }
            fn label(self) -> &'static str { $name::label(self) }
        }
    };
}

/// Checks that the keys of `T` are unique, non-empty and link-safe (ASCII letters,
/// digits, `-`, `_`, `.`): a duplicate would make two choices one, and a character that
/// needs escaping would make links fragile. For tests of every keyed type.
pub fn check_keys<T: Keyed>() -> Result<(), String> {
    let mut seen = Vec::new();
    for value in T::ALL {
        let key = value.key();
        let safe = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !safe {
            return Err(format!("key {key:?} is not link-safe"));
        }
        if seen.contains(&key) {
            return Err(format!("key {key:?} is used twice"));
        }
        seen.push(key);
        if T::from_key(key) != Some(*value) {
            return Err(format!("key {key:?} does not read back"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::keyed_enum! {
        enum Fruit { Apple = ("apple", "Apple"), Pear = ("pear", "Pear") }
    }

    crate::keyed_enum! {
        enum Clash { One = ("same", "One"), Two = ("same", "Two") }
    }

    crate::keyed_enum! {
        enum Unsafe { Spaced = ("two words", "Two words") }
    }

    #[test]
    fn keys_read_back_and_unknown_keys_are_none() {
        assert_eq!(Fruit::from_key("pear"), Some(Fruit::Pear));
        assert_eq!(Fruit::from_key("Pear"), None, "keys are exact");
        assert_eq!(Fruit::Apple.label(), "Apple");
        assert_eq!(check_keys::<Fruit>(), Ok(()));
    }

    #[test]
    fn duplicate_and_unsafe_keys_are_caught() {
        assert!(check_keys::<Clash>().is_err());
        assert!(check_keys::<Unsafe>().is_err());
        let _ = (Clash::One, Clash::Two, Unsafe::Spaced);
    }
}
