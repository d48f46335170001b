namespace CorrelationHub.Media.Srtp;

/// <summary>
/// The cryptographic context of one SSRC (RFC 3711 §3.2.3): roll-over counter, highest sequence number, the SRTP
/// and SRTCP replay windows, and the sender's SRTCP index.
/// </summary>
internal sealed class SrtpStreamState
{
    public uint Roc { get; set; }

    public ushort HighestSequence { get; set; }

    public SrtpReplayWindow RtpReplay { get; } = new();

    public SrtpReplayWindow RtcpReplay { get; } = new();

    /// <summary>Next SRTCP index to send (sender side only).</summary>
    public uint NextRtcpIndex { get; set; }

    public long LastUsed { get; set; }

    /// <summary>False while only SRTCP of this SSRC was seen: the first SRTP packet then sets ROC 0 and its sequence.</summary>
    public bool RtpSeen { get; set; }

    /// <summary>
    /// RFC 3711 Appendix A: the ROC this sequence number most likely belongs to, as a signed guess (−1 means the
    /// packet predates the context).
    /// </summary>
    public long EstimateRoc(ushort sequence)
    {
        if (!RtpSeen)
        {
            return 0;
        }

        var highest = HighestSequence;
        if (highest < 32768)
        {
            return sequence - highest > 32768 ? (long)Roc - 1 : Roc;
        }

        return highest - 32768 > sequence ? (long)Roc + 1 : Roc;
    }

    /// <summary>Moves ROC and the highest sequence forward after the packet authenticated.</summary>
    public void Update(uint roc, ushort sequence)
    {
        if (!RtpSeen)
        {
            RtpSeen = true;
            Roc = roc;
            HighestSequence = sequence;
            return;
        }

        if (roc > Roc)
        {
            Roc = roc;
            HighestSequence = sequence;
        }
        else if (roc == Roc && sequence > HighestSequence)
        {
            HighestSequence = sequence;
        }
    }
}
