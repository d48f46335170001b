namespace CorrelationHub.Sip.Siprec;

/// <summary>
/// RFC 7865 recording metadata normalised across dialects (CUBE, Oracle/Acme, Sonus/Ribbon, AudioCodes, BroadWorks,
/// Avaya, OpenSIPS, SEMS and loose forms). Participants, streams and sessions keep document order.
/// </summary>
public sealed record RecordingMetadata
{
    public MetadataDataMode DataMode { get; init; } = MetadataDataMode.Complete;

    /// <summary>The root element's namespace as received (<c>urn:ietf:params:xml:ns:recording:1</c>, without <c>:1</c>, or the old <c>...:siprec</c>).</summary>
    public string? Namespace { get; init; }

    public IReadOnlyList<MetadataSession> Sessions { get; init; } = [];

    public IReadOnlyList<MetadataParticipant> Participants { get; init; } = [];

    public IReadOnlyList<MetadataStream> Streams { get; init; } = [];

    /// <summary>Vendor correlation values outside participants: Avaya UCID, Sonus <c>gcid</c>/<c>callid</c>, BroadWorks ids.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> VendorIds { get; init; } = [];

    public MetadataStream? StreamByLabel(string? label) =>
        label is null ? null : Streams.FirstOrDefault(s => string.Equals(s.Label, label, StringComparison.Ordinal));

    /// <summary>The participants that send a stream (the voices on it).</summary>
    public IEnumerable<MetadataParticipant> SendersOf(MetadataStream stream) => Participants.Where(p => p.Sends.Contains(stream.Id, StringComparer.Ordinal));

    /// <summary>
    /// Applies an update (RFC 7866 §9, RFC 7865 §5.1): a complete snapshot replaces the state; a partial one is merged
    /// by id (fields it gives win, stream associations it lists replace the old ones).
    /// </summary>
    public static RecordingMetadata Merge(RecordingMetadata? current, RecordingMetadata update)
    {
        if (current is null || update.DataMode == MetadataDataMode.Complete)
        {
            return update;
        }

        return current with
        {
            Sessions = MergeById(current.Sessions, update.Sessions, s => s.Id, (a, b) => a with
            {
                SipSessionId = b.SipSessionId ?? a.SipSessionId,
                GroupRef = b.GroupRef ?? a.GroupRef,
                StartTime = b.StartTime ?? a.StartTime,
                EndTime = b.EndTime ?? a.EndTime,
            }),
            Participants = MergeById(current.Participants, update.Participants, p => p.Id, (a, b) => a with
            {
                Aor = b.Aor ?? a.Aor,
                Name = b.Name ?? a.Name,
                Extension = b.Extension ?? a.Extension,
                Sends = b.Sends.Count > 0 || b.Receives.Count > 0 ? b.Sends : a.Sends,
                Receives = b.Sends.Count > 0 || b.Receives.Count > 0 ? b.Receives : a.Receives,
                AssociateTime = b.AssociateTime ?? a.AssociateTime,
                DisassociateTime = b.DisassociateTime ?? a.DisassociateTime,
                CallingParty = b.CallingParty ?? a.CallingParty,
                VendorIds = MergePairs(a.VendorIds, b.VendorIds),
            }),
            Streams = MergeById(current.Streams, update.Streams, s => s.Id, (a, b) => a with
            {
                Label = b.Label ?? a.Label,
                SessionId = b.SessionId ?? a.SessionId,
                Mode = b.Mode ?? a.Mode,
            }),
            VendorIds = MergePairs(current.VendorIds, update.VendorIds),
        };
    }

    private static List<T> MergeById<T>(IReadOnlyList<T> current, IReadOnlyList<T> update, Func<T, string> id, Func<T, T, T> merge)
    {
        var result = current.ToList();
        foreach (var item in update)
        {
            var index = result.FindIndex(existing => string.Equals(id(existing), id(item), StringComparison.Ordinal));
            if (index < 0)
            {
                result.Add(item);
            }
            else
            {
                result[index] = merge(result[index], item);
            }
        }

        return result;
    }

    private static List<KeyValuePair<string, string>> MergePairs(IReadOnlyList<KeyValuePair<string, string>> current, IReadOnlyList<KeyValuePair<string, string>> update)
    {
        var result = current.ToList();
        foreach (var pair in update)
        {
            result.RemoveAll(existing => string.Equals(existing.Key, pair.Key, StringComparison.Ordinal));
            result.Add(pair);
        }

        return result;
    }
}
