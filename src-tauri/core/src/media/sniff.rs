//! A recording's type from its signature, and its duration where the header says it
//! (WAV and FLAC). Other formats need a demuxer to know their length; the player reports
//! it once it has opened the file, so the library does not guess.

use std::io::{Read, Seek, SeekFrom};

/// How many bytes from the start of a file [`MediaType::sniff`] looks at.
pub const SNIFF_BYTES: usize = 64;

/// The recording types Roundtable attaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// MPEG audio layer III (with or without an ID3 tag).
    Mp3,
    /// AAC in ADTS frames.
    Aac,
    /// MPEG-4 audio (`ftyp` brand M4A/M4B).
    M4a,
    /// MPEG-4 video (any other `ftyp` brand).
    Mp4,
    /// QuickTime (`ftyp` brand `qt  `).
    Mov,
    /// RIFF WAVE.
    Wav,
    /// FLAC.
    Flac,
    /// Ogg with Opus inside.
    Opus,
    /// Ogg (Vorbis or other).
    Ogg,
    /// WebM (EBML with the `webm` doc type).
    Webm,
    /// Matroska (EBML with another doc type).
    Mkv,
}

impl MediaType {
    /// The type the first bytes of a file (at least [`SNIFF_BYTES`] when the file is that
    /// long) say it is.
    pub fn sniff(head: &[u8]) -> Option<MediaType> {
        if head.starts_with(b"ID3") {
            return Some(MediaType::Mp3);
        }
        if head.len() >= 12 && &head[4..8] == b"ftyp" {
            return Some(match &head[8..12] {
                b"M4A " | b"M4B " | b"M4P " | b"F4A " => MediaType::M4a,
                b"qt  " => MediaType::Mov,
                _ => MediaType::Mp4,
            });
        }
        if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WAVE" {
            return Some(MediaType::Wav);
        }
        if head.starts_with(b"fLaC") {
            return Some(MediaType::Flac);
        }
        if head.starts_with(b"OggS") {
            // The first page's packet starts at 28 when the segment table has one entry,
            // which it has for the identification header.
            let opus = head.len() >= 36 && &head[28..36] == b"OpusHead";
            return Some(if opus {
                MediaType::Opus
            } else {
                MediaType::Ogg
            });
        }
        if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
            let webm = head.windows(4).any(|w| w == b"webm");
            return Some(if webm {
                MediaType::Webm
            } else {
                MediaType::Mkv
            });
        }
        if head.len() >= 2 && head[0] == 0xFF {
            // ADTS: 12 sync bits, then layer 00. MPEG audio: 11 sync bits, layer not 00.
            if head[1] & 0xF6 == 0xF0 {
                return Some(MediaType::Aac);
            }
            if head[1] & 0xE0 == 0xE0 && head[1] & 0x06 != 0 {
                return Some(MediaType::Mp3);
            }
        }
        None
    }

    /// The type named by its stored MIME type (the inverse of [`MediaType::mime`]).
    pub fn from_mime(mime: &str) -> Option<MediaType> {
        ALL.iter().copied().find(|t| t.mime() == mime)
    }

    /// The type a copy's extension names (the inverse of [`MediaType::extension`]).
    pub fn from_extension(ext: &str) -> Option<MediaType> {
        ALL.iter().copied().find(|t| t.extension() == ext)
    }

    /// The MIME type a player is told.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Mp3 => "audio/mpeg",
            MediaType::Aac => "audio/aac",
            MediaType::M4a => "audio/mp4",
            MediaType::Mp4 => "video/mp4",
            MediaType::Mov => "video/quicktime",
            MediaType::Wav => "audio/wav",
            MediaType::Flac => "audio/flac",
            MediaType::Opus => "audio/ogg; codecs=opus",
            MediaType::Ogg => "audio/ogg",
            MediaType::Webm => "video/webm",
            MediaType::Mkv => "video/x-matroska",
        }
    }

    /// The file extension of a copy in the library's media folder.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Mp3 => "mp3",
            MediaType::Aac => "aac",
            MediaType::M4a => "m4a",
            MediaType::Mp4 => "mp4",
            MediaType::Mov => "mov",
            MediaType::Wav => "wav",
            MediaType::Flac => "flac",
            MediaType::Opus => "opus",
            MediaType::Ogg => "ogg",
            MediaType::Webm => "webm",
            MediaType::Mkv => "mkv",
        }
    }

    /// Whether the file may carry pictures (the editor can show them in a pane).
    pub fn is_video(self) -> bool {
        matches!(
            self,
            MediaType::Mp4 | MediaType::Mov | MediaType::Webm | MediaType::Mkv
        )
    }
}

const ALL: [MediaType; 11] = [
    MediaType::Mp3,
    MediaType::Aac,
    MediaType::M4a,
    MediaType::Mp4,
    MediaType::Mov,
    MediaType::Wav,
    MediaType::Flac,
    MediaType::Opus,
    MediaType::Ogg,
    MediaType::Webm,
    MediaType::Mkv,
];

/// The duration in seconds, when the header of a file of this type gives it without
/// decoding: WAV (data size / byte rate) and FLAC (STREAMINFO's sample count / rate).
/// `None` for other types and for headers that do not say (a streamed WAV's size 0).
pub fn duration_of<R: Read + Seek>(kind: MediaType, file: &mut R) -> Option<f64> {
    file.seek(SeekFrom::Start(0)).ok()?;
    match kind {
        MediaType::Wav => wav_duration(file),
        MediaType::Flac => flac_duration(file),
        _ => None,
    }
}

fn wav_duration<R: Read + Seek>(file: &mut R) -> Option<f64> {
    let mut riff = [0u8; 12];
    file.read_exact(&mut riff).ok()?;
    let mut byte_rate = None;
    // A WAV has a handful of chunks before `data`; a bound keeps a crafted file from
    // making this walk long.
    for _ in 0..64 {
        let mut header = [0u8; 8];
        file.read_exact(&mut header).ok()?;
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        match &header[..4] {
            b"fmt " => {
                let mut fmt = [0u8; 16];
                file.read_exact(&mut fmt).ok()?;
                byte_rate = Some(u32::from_le_bytes([fmt[8], fmt[9], fmt[10], fmt[11]]));
                // Chunks are padded to an even size.
                let rest = i64::from(size) - 16 + i64::from(size & 1);
                file.seek(SeekFrom::Current(rest)).ok()?;
            }
            b"data" => {
                let rate = byte_rate.filter(|r| *r > 0)?;
                // A writer that streamed the file may leave the size 0 or 0xFFFFFFFF.
                if size == 0 || size == u32::MAX {
                    return None;
                }
                return Some(f64::from(size) / f64::from(rate));
            }
            _ => {
                file.seek(SeekFrom::Current(i64::from(size) + i64::from(size & 1)))
                    .ok()?;
            }
        }
    }
    None
}

fn flac_duration<R: Read>(file: &mut R) -> Option<f64> {
    // "fLaC", a metadata block header (4 bytes), then STREAMINFO (34 bytes): sample rate in
    // 20 bits at byte 10, then channels, bits per sample, and 36 bits of total samples.
    let mut head = [0u8; 42];
    file.read_exact(&mut head).ok()?;
    if head[4] & 0x7F != 0 {
        return None;
    }
    let info = &head[8..];
    let rate =
        (u32::from(info[10]) << 12) | (u32::from(info[11]) << 4) | (u32::from(info[12]) >> 4);
    let samples = (u64::from(info[13] & 0x0F) << 32)
        | (u64::from(info[14]) << 24)
        | (u64::from(info[15]) << 16)
        | (u64::from(info[16]) << 8)
        | u64::from(info[17]);
    if rate == 0 || samples == 0 {
        return None;
    }
    Some(samples as f64 / f64::from(rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_name_their_types() {
        let mut ogg_opus = b"OggS".to_vec();
        ogg_opus.resize(28, 0);
        ogg_opus.extend_from_slice(b"OpusHead");
        let cases: &[(&[u8], Option<MediaType>)] = &[
            (b"ID3\x04\0\0\0\0\0\0", Some(MediaType::Mp3)),
            (&[0xFF, 0xFB, 0x90, 0x64], Some(MediaType::Mp3)),
            (&[0xFF, 0xF1, 0x50, 0x80], Some(MediaType::Aac)),
            (b"\0\0\0\x20ftypM4A \0\0\0\0", Some(MediaType::M4a)),
            (b"\0\0\0\x20ftypisom\0\0\0\0", Some(MediaType::Mp4)),
            (b"\0\0\0\x14ftypqt  \0\0\0\0", Some(MediaType::Mov)),
            (b"RIFF\x24\0\0\0WAVEfmt ", Some(MediaType::Wav)),
            (b"RIFF\x24\0\0\0WEBPVP8 ", None),
            (b"fLaC\0\0\0\x22", Some(MediaType::Flac)),
            (&ogg_opus, Some(MediaType::Opus)),
            (b"OggS\0\x02\0\0", Some(MediaType::Ogg)),
            (
                b"\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\x82\x84webm",
                Some(MediaType::Webm),
            ),
            (
                b"\x1A\x45\xDF\xA3\x9F\x42\x82\x88matroska",
                Some(MediaType::Mkv),
            ),
            (b"Name: hello", None),
            (b"\x89PNG\r\n\x1a\n", None),
            (b"", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(MediaType::sniff(bytes), *want, "{bytes:?}");
        }
    }

    #[test]
    fn mime_round_trips() {
        for t in ALL {
            assert_eq!(MediaType::from_mime(t.mime()), Some(t));
        }
    }
}
