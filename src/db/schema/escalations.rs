//! Tables of this feature (filled by its work).
