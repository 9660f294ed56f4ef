use super::{MetaField, OpKind, position};
use crate::model::Document;

/// The ops that create `doc` from nothing: what an import appends to the log.
pub fn ops_for_document(doc: &Document) -> Vec<OpKind> {
    let mut ops = vec![
        OpKind::CreateDocument,
        OpKind::SetMeta {
            field: MetaField::Title,
            value: Some(doc.title.clone()),
        },
        OpKind::SetMeta {
            field: MetaField::Language,
            value: Some(doc.language.clone()),
        },
    ];
    for (field, value) in [
        (MetaField::Subtitle, doc.subtitle.clone()),
        (MetaField::Column, doc.column.clone()),
        (MetaField::GuestHeading, doc.guest_heading.clone()),
        (
            MetaField::SpeakerLabels,
            doc.speaker_labels.map(|f| f.name().to_owned()),
        ),
    ] {
        if value.is_some() {
            ops.push(OpKind::SetMeta { field, value });
        }
    }
    ops.extend(
        doc.topics
            .iter()
            .map(|t| OpKind::AddTopic { topic: t.clone() }),
    );
    ops.extend(doc.participants.iter().map(|p| OpKind::PutParticipant {
        participant: p.clone(),
    }));
    let positions = position::spread(doc.blocks.len());
    ops.extend(
        doc.blocks
            .iter()
            .zip(positions)
            .map(|(b, position)| OpKind::InsertBlock {
                position,
                block: b.clone(),
            }),
    );
    if !doc.credits.is_empty() {
        ops.push(OpKind::SetCredits {
            credits: doc.credits.clone(),
        });
    }
    ops
}
