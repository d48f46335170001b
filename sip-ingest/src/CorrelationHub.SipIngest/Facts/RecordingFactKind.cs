namespace CorrelationHub.SipIngest.Facts;

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
}
