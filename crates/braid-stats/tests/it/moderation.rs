//! moderation
