namespace CorrelationHub.Facts;

public enum RecordingFactKind
{
    /// <summary>Media of a segment is being recorded (the first leg of the segment was confirmed).</summary>
    SegmentStarted,

    /// <summary>A segment ended and its file is final.</summary>
    SegmentEnded,

    /// <summary>
    /// A media alarm changed while the segment is live: <see cref="RecordingFact.Flags"/> holds the alarms now raised
    /// (<c>no-audio</c>), empty when they cleared; <see cref="RecordingFact.Tracks"/> the quality so far.
    /// </summary>
    MediaAlarm,

    /// <summary>A recording began: its first segment started (published just before that segment's <see cref="SegmentStarted"/>).</summary>
    RecordingStarted,

    /// <summary>
    /// What is known about the call changed while recording: a CUCM in-dialog UPDATE with a new far end (remote-cluster
    /// transfer), or a SIPREC metadata update (participants joined or left). One entry of the metadata timeline.
    /// </summary>
    MetadataChanged,

    /// <summary>
    /// A recording is over: a SIPREC recording session ended, or a CUCM call's resume window passed after its last
    /// segment (no further hold/resume segment can join it).
    /// </summary>
    RecordingEnded,
}
