namespace CorrelationHub.Facts;

/// <summary>The one narrow interface from the ingest to the backend (docs/architecture.md, decision D1).</summary>
public interface IRecordingFactSink
{
    /// <summary>Never blocks the media or signalling path.</summary>
    void Publish(RecordingFact fact);
}
