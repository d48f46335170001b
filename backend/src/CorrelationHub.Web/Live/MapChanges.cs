namespace CorrelationHub.Web.Live;

/// <summary>What a change note names: an agent (its events), an extension (its recordings and links), or a recording.</summary>
public enum MapChangeKind
{
    Agent,
    Extension,
    Recording,
}

/// <summary>One "something changed here" note, with the server time it was observed.</summary>
public readonly record struct MapChangeNote(MapChangeKind Kind, string Key, DateTimeOffset At);

/// <summary>
/// The notes gathered for one flush: each agent, extension and recording once, with the earliest time it was
/// observed (the start of the latency a reader sees).
/// </summary>
public sealed class MapChanges
{
    private readonly Dictionary<string, DateTimeOffset> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _extensions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _recordings = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, DateTimeOffset> Agents => _agents;

    public IReadOnlyDictionary<string, DateTimeOffset> Extensions => _extensions;

    public IReadOnlyDictionary<string, DateTimeOffset> Recordings => _recordings;

    public bool IsEmpty => _agents.Count == 0 && _extensions.Count == 0 && _recordings.Count == 0;

    public void Add(MapChangeNote note)
    {
        var target = note.Kind switch
        {
            MapChangeKind.Agent => _agents,
            MapChangeKind.Extension => _extensions,
            _ => _recordings,
        };
        if (!target.TryGetValue(note.Key, out var known) || note.At < known)
        {
            target[note.Key] = note.At;
        }
    }

    /// <summary>When the earliest change behind this agent's row was observed: its own, or its extension's.</summary>
    public DateTimeOffset? ObservedFor(string username, string? extension)
    {
        DateTimeOffset? result = _agents.TryGetValue(username, out var own) ? own : null;
        if (extension is not null && _extensions.TryGetValue(extension, out var ext) && (result is null || ext < result))
        {
            result = ext;
        }

        return result;
    }
}

/// <summary>
/// When the next flush may go: the first change after a quiet spell goes out almost at once (after
/// <paramref name="minimum"/>, so a burst from one event is one message); under steady traffic, one flush per
/// <paramref name="interval"/>.
/// </summary>
public static class FlushSchedule
{
    public static TimeSpan Delay(DateTimeOffset? lastFlush, DateTimeOffset now, TimeSpan interval, TimeSpan minimum)
    {
        if (lastFlush is not { } last)
        {
            return minimum;
        }

        var wait = last + interval - now;
        return wait > minimum ? wait : minimum;
    }
}
