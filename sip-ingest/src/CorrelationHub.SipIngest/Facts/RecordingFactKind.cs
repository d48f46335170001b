namespace CorrelationHub.SipIngest.Facts;

public enum RecordingFactKind
{
    /// <summary>Media of a segment is being recorded (the first leg of the segment was confirmed).</summary>
    SegmentStarted,

    /// <summary>A segment ended and its file is final.</summary>
    SegmentEnded,
}
