//! The kinds of action the event log records, as an enum rather than strings.

/// The kinds of action the event log records. Each is stored as its name, e.g. `code.in_vivo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// The project file was created. (`create`)
    Create,
    /// Documents were imported. (`import`)
    Import,
    /// A span was coded. (`code`)
    Code,
    /// A span was coded with a new code named after it. (`code.in_vivo`)
    CodeInVivo,
    /// A coding was removed. (`uncode`)
    Uncode,
    /// A coding's span changed. (`coding.resize`)
    ResizeCoding,
    /// Search hits were coded. (`autocode`)
    Autocode,
    /// Codings were imported. (`codings.import`)
    ImportCodings,
    /// A codebook was imported. (`codebook.import`)
    ImportCodebook,
    /// A code was added. (`code.add`)
    AddCode,
    /// A code was edited. (`code.edit`)
    EditCode,
    /// A code was merged into another. (`code.merge`)
    MergeCodes,
    /// A code was deleted. (`code.delete`)
    DeleteCode,
    /// A memo was written. (`memo.add`)
    AddMemo,
    /// A memo was edited. (`memo.edit`)
    EditMemo,
    /// A memo was deleted. (`memo.delete`)
    DeleteMemo,
    /// A finding was added. (`finding.add`)
    AddFinding,
    /// A finding was edited. (`finding.update`)
    UpdateFinding,
    /// A finding was deleted. (`finding.delete`)
    DeleteFinding,
    /// The findings were reordered. (`finding.order`)
    OrderFindings,
    /// Evidence was linked to a finding. (`finding.link`)
    LinkToFinding,
    /// The attribution style was set. (`attribution.set`)
    SetAttribution,
    /// Published tables were stored. (`published.set`)
    SetPublished,
    /// A survey dataset was imported. (`dataset.import`)
    ImportDataset,
    /// A model was saved. (`model.save`)
    SaveModel,
    /// The project's settings changed. (`settings.set`)
    SetSettings,
    /// The project was made from a REFI-QDA project. (`qdpx.import`)
    ImportQdpx,
    /// A recording was linked to a document. (`media.link`)
    LinkMedia,
    /// A document's recording was replaced. (`media.relink`)
    RelinkMedia,
    /// A document's recording was unlinked. (`media.unlink`)
    UnlinkMedia,
    /// Informants were linked to a dataset's rows. (`dataset.link`)
    LinkDataset,
    /// A dataset's link to informants was removed. (`dataset.unlink`)
    UnlinkDataset,
    /// Codes were added to a dataset as variables. (`dataset.add_codes`)
    AddCodeColumns,
    /// Code variables were removed from a dataset. (`dataset.remove_codes`)
    RemoveCodeColumns,
    /// An action was undone. (`undo`)
    Undo,
    /// An action was redone. (`redo`)
    Redo,
}

impl Action {
    /// Every action, for tests and listings.
    pub const ALL: &[Action] = &[Action::Create, Action::Import, Action::Code, Action::CodeInVivo, Action::Uncode, Action::ResizeCoding, Action::Autocode, Action::ImportCodings, Action::ImportCodebook, Action::AddCode, Action::EditCode, Action::MergeCodes, Action::DeleteCode, Action::AddMemo, Action::EditMemo, Action::DeleteMemo, Action::AddFinding, Action::UpdateFinding, Action::DeleteFinding, Action::OrderFindings, Action::LinkToFinding, Action::SetAttribution, Action::SetPublished, Action::ImportDataset, Action::SaveModel, Action::SetSettings, Action::ImportQdpx, Action::LinkMedia, Action::RelinkMedia, Action::UnlinkMedia, Action::LinkDataset, Action::UnlinkDataset, Action::AddCodeColumns, Action::RemoveCodeColumns, Action::Undo, Action::Redo];

    /// The name stored in the event log.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Import => "import",
            Action::Code => "code",
            Action::CodeInVivo => "code.in_vivo",
            Action::Uncode => "uncode",
            Action::ResizeCoding => "coding.resize",
            Action::Autocode => "autocode",
            Action::ImportCodings => "codings.import",
            Action::ImportCodebook => "codebook.import",
            Action::AddCode => "code.add",
            Action::EditCode => "code.edit",
            Action::MergeCodes => "code.merge",
            Action::DeleteCode => "code.delete",
            Action::AddMemo => "memo.add",
            Action::EditMemo => "memo.edit",
            Action::DeleteMemo => "memo.delete",
            Action::AddFinding => "finding.add",
            Action::UpdateFinding => "finding.update",
            Action::DeleteFinding => "finding.delete",
            Action::OrderFindings => "finding.order",
            Action::LinkToFinding => "finding.link",
            Action::SetAttribution => "attribution.set",
            Action::SetPublished => "published.set",
            Action::ImportDataset => "dataset.import",
            Action::SaveModel => "model.save",
            Action::SetSettings => "settings.set",
            Action::ImportQdpx => "qdpx.import",
            Action::LinkMedia => "media.link",
            Action::RelinkMedia => "media.relink",
            Action::UnlinkMedia => "media.unlink",
            Action::LinkDataset => "dataset.link",
            Action::UnlinkDataset => "dataset.unlink",
            Action::AddCodeColumns => "dataset.add_codes",
            Action::RemoveCodeColumns => "dataset.remove_codes",
            Action::Undo => "undo",
            Action::Redo => "redo",
        }
    }

    /// The action stored under `name`, if Braid knows it.
    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.as_str() == name)
    }
}
