//! The TypeScript declarations of every type that crosses to the app, generated from Rust.

use ts_rs::TS;

/// The contents of `ui/src/lib/bindings.ts`. A test keeps the committed file equal to this.
pub fn typescript() -> String {
    let decls = [
        crate::ApiError::decl(),
        crate::ErrorCode::decl(),
        crate::AttrKind::decl(),
        crate::AttrValue::decl(),
        crate::Role::decl(),
        crate::Span::decl(),
        crate::Segment::decl(),
        crate::Informant::decl(),
        crate::DocumentInfo::decl(),
        crate::Document::decl(),
        crate::Event::decl(),
        crate::ImportReport::decl(),
        crate::ImportedDocument::decl(),
        crate::SkippedFile::decl(),
        crate::SpeakerFilter::decl(),
        crate::AttrFilter::decl(),
        crate::Filters::decl(),
        crate::SearchRequest::decl(),
        crate::SearchResponse::decl(),
        crate::Hit::decl(),
        crate::DemoReport::decl(),
        crate::ProjectSummary::decl(),
        crate::Code::decl(),
        crate::Coding::decl(),
        crate::CodeEdit::decl(),
        crate::NewCode::decl(),
        crate::Memo::decl(),
        crate::MemoTarget::decl(),
        crate::CodebookChange::decl(),
        crate::CodebookFormat::decl(),
        crate::NewCoding::decl(),
        crate::HistoryStep::decl(),
        crate::HistoryState::decl(),
        crate::RetrievalRequest::decl(),
        crate::RetrievedSegment::decl(),
        crate::SegmentFormat::decl(),
        crate::CountUnit::decl(),
        crate::CodeFrequency::decl(),
        crate::AutocodeUnit::decl(),
        crate::AutocodeRequest::decl(),
        crate::AutocodeSpan::decl(),
        crate::AutocodePreview::decl(),
        crate::Crosstab::decl(),
        crate::CrosstabCell::decl(),
        crate::CrosstabRow::decl(),
        crate::Cooccurrence::decl(),
        crate::CooccurrenceMatrix::decl(),
        crate::PresenceTable::decl(),
        crate::CodebookImportReport::decl(),
        crate::CodingsImportReport::decl(),
        crate::AgreementReport::decl(),
        crate::AgreementRow::decl(),
        crate::Disagreement::decl(),
        crate::AttributeValues::decl(),
    ];
    let mut out = String::from("// Generated from braid-core by `UPDATE_EXPECT=1 cargo test -p braid-core bindings`. Do not edit.\n\n");
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
