namespace CorrelationHub.Sip.Framing;

public enum StreamFrameStatus
{
    /// <summary>No complete message yet; keep the bytes and read more.</summary>
    NeedMoreData,

    /// <summary>A complete message of <see cref="StreamFrame.MessageLength"/> bytes starts after <see cref="StreamFrame.SkippedBytes"/>.</summary>
    Message,

    /// <summary>The stream cannot be framed (headers too large, bad Content-Length); close the connection.</summary>
    Invalid,
}

/// <summary>Result of looking for one SIP message in a byte stream (RFC 3261 §18.3).</summary>
public readonly record struct StreamFrame(StreamFrameStatus Status, long SkippedBytes, long MessageLength, bool MissingContentLength = false, string? Error = null);
