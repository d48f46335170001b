using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Siprec;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>
/// The end of legs, segments and recordings. Bookkeeping happens at once under the gate; stopping receivers and
/// finalising files runs on the <see cref="SegmentFinisher"/>, off the SIP path.
/// </summary>
public sealed partial class RecordingSessionManager
{
    public void OnEnd(IRecordingLegHandle handle, LegEnd end)
    {
        var leg = (RecordingLeg)handle;
        if (end.Reason == LegEndReason.Cancelled)
        {
            Release(leg, end.Reason, end.At);
            return;
        }

        var segment = leg.Segment;
        var call = segment.Recording;
        bool finish;
        var recordingEnded = false;
        lock (_gate)
        {
            if (leg.Ended)
            {
                return;
            }

            leg.Ended = true;
            leg.EndCause = end.Q850Cause;
            leg.EndReason = ReasonOf(leg, end);
            _liveLegs.Remove(leg);
            if (end.Metadata is { IsOk: true, Metadata: { } final } && call.Source == "siprec")
            {
                // CUBE's BYE carries the end time and the participants' disassociation (docs/interop.md SR-8, T16).
                call.Metadata = RecordingMetadata.Merge(call.Metadata, final);
                call.LastRawMetadata = end.RawMetadata ?? call.LastRawMetadata;
            }

            finish = !segment.Closed && segment.Legs.TrueForAll(l => l.Ended);
            if (finish)
            {
                segment.Closed = true;
                segment.EndedAt = end.At;
                segment.ClosingLeg = leg;
                if (ReferenceEquals(call.Open, segment))
                {
                    call.Open = null;
                }

                call.LastActivity = end.At;

                // A SIPREC recording session ends with its dialog; a CUCM call may still resume (see Sweep).
                if (call.Source == "siprec" && call.Open is null && !call.EndPublished)
                {
                    call.EndPublished = true;
                    recordingEnded = true;
                    _calls.Remove(call.Key);
                }
            }
        }

        SipLog.LegEnded(_logger, leg.CallId, leg.EndReason);
        _stopper.Enqueue(() =>
        {
            foreach (var stream in leg.Streams)
            {
                stream.Receiver.Dispose();
            }
        });
        if (finish)
        {
            // The file is finalised under the recorder's gate; a packet that still arrives for this leg is dropped.
            _finisher.Enqueue(() => FinishSegment(segment, end.At, recordingEnded));
        }
    }

    /// <summary>
    /// The reaper's pass: a CUCM call whose resume window passed after its last segment is over — no later segment can
    /// join it — and gets its <see cref="RecordingFactKind.RecordingEnded"/>. And a live segment whose every stream had
    /// audio and then none for <c>Media:NoAudioSeconds</c> raises the live <c>media-stopped</c> alarm (a
    /// <see cref="RecordingFactKind.MediaAlarm"/> whose tracks say when the last packet came), cleared when audio comes
    /// back: the call is most likely over and its BYE lost, and the backend learns when the media stopped long before
    /// the RTP timeout ends the leg.
    /// </summary>
    public void Sweep()
    {
        var now = _time.GetUtcNow();
        var ended = new List<RecordingFact>();
        var alarms = new List<(SegmentRecorder Recorder, bool Stopped, List<TrackQuality> Tracks)>();
        lock (_gate)
        {
            foreach (var call in _calls.Values)
            {
                if (call.Open is { StartPublished: true, Closed: false, Recorder: { } recorder } open && MediaStopped(open) is { } stopped && stopped != open.MediaStoppedRaised)
                {
                    open.MediaStoppedRaised = stopped;
                    alarms.Add((recorder, stopped, [.. open.Legs.SelectMany(l => l.Streams.Select(st => st.Receiver.Quality()))]));
                }
            }

            foreach (var (key, call) in _calls.ToList())
            {
                if (call.Open is null && now - call.LastActivity > TimeSpan.FromMinutes(_recording.ResumeWindowMinutes))
                {
                    _calls.Remove(key);
                    if (!call.EndPublished && call.LastSegmentEnded is { } last)
                    {
                        call.EndPublished = true;
                        ended.Add(last with { Kind = RecordingFactKind.RecordingEnded, OccurredAt = now, EndReason = "resume-window-passed", Tracks = [], Flags = [] });
                    }
                }
            }
        }

        foreach (var fact in ended)
        {
            _facts.Publish(fact);
        }

        foreach (var (recorder, stopped, tracks) in alarms)
        {
            recorder.PublishAlarm(stopped ? ["media-stopped"] : [], tracks);
        }
    }

    /// <summary>
    /// Whether every stream of the segment's live legs that should carry media went silent after having audio (null
    /// when there is no such stream, or one never had a packet: the no-audio alarm's case).
    /// </summary>
    private bool? MediaStopped(RecordingSegment segment)
    {
        if (_mediaOptions.NoAudioSeconds <= 0)
        {
            return null;
        }

        var streams = segment.Legs.Where(l => l.Acked && !l.Ended && !l.AnswerMissing).SelectMany(l => l.Streams).Where(s => s.Direction != Sip.Sdp.SdpDirection.Inactive).ToList();
        if (streams.Count == 0)
        {
            return null;
        }

        var silence = TimeSpan.FromSeconds(_mediaOptions.NoAudioSeconds);
        foreach (var stream in streams)
        {
            if (stream.Receiver.LastPacketTimestamp is not { } last)
            {
                return null;
            }

            if (_time.GetElapsedTime(last) < silence)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Drops a leg that never recorded (a CANCEL won, or its file could not be created): no facts, and its segment goes too when it was the only leg.</summary>
    private void Release(RecordingLeg leg, LegEndReason reason, DateTimeOffset at)
    {
        var segment = leg.Segment;
        bool discard;
        lock (_gate)
        {
            if (leg.Ended)
            {
                return;
            }

            leg.Ended = true;
            leg.EndReason = reason == LegEndReason.Cancelled ? "cancelled" : "released";
            _liveLegs.Remove(leg);
            segment.Legs.Remove(leg);
            foreach (var stream in leg.Streams)
            {
                segment.ChannelTaken[stream.Receiver.Channel] = segment.Legs.Exists(l => l.Streams.Exists(s => s.Receiver.Channel == stream.Receiver.Channel));
            }

            discard = segment.Legs.Count == 0 && !segment.StartPublished && !segment.Closed;
            if (discard)
            {
                segment.Closed = true;
                var call = segment.Recording;
                if (ReferenceEquals(call.Open, segment))
                {
                    call.Open = null;
                }

                if (call.SegmentCount == segment.Index)
                {
                    call.SegmentCount--;
                }

                if (call.SegmentCount == 0)
                {
                    _calls.Remove(call.Key);
                }
            }
        }

        SipLog.LegEnded(_logger, leg.CallId, leg.EndReason);
        _stopper.Enqueue(() =>
        {
            foreach (var stream in leg.Streams)
            {
                stream.Receiver.Dispose();
            }
        });
        _finisher.Enqueue(() =>
        {
            if (discard && Completes(segment.RecorderReady) && segment.Recorder is { } recorder)
            {
                lock (recorder.Gate)
                {
                    recorder.Finish(at);
                }

                File.Delete(recorder.FinalPath);
            }
        });
    }

    private void FinishSegment(RecordingSegment segment, DateTimeOffset at, bool recordingEnded)
    {
        double seconds;
        try
        {
            if (!Completes(segment.RecorderReady) || segment.Recorder is not { } recorder)
            {
                return;
            }

            lock (recorder.Gate)
            {
                seconds = recorder.Finish(at);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SipLog.SegmentFinishFailed(_logger, segment.Recording.Id, segment.Index, ex);
            return;
        }

        SipLog.SegmentFinished(_logger, segment.Recording.Id, segment.Index, seconds);
        RecordingFact ended;
        RecordingFact? recording = null;
        lock (_gate)
        {
            // The reason reported is the one that explains the segment's end time: a codec failure on either leg, else
            // the leg that ended last (a BYE lost on one leg of a CUCM pair shows as that leg's rtp-timeout).
            var reasonLeg = segment.Legs.Find(l => l.EndCause == ReasonHeader.ResourceUnavailable) ?? segment.ClosingLeg ?? segment.Legs.LastOrDefault();
            ended = RecordingFacts.Of(RecordingFactKind.SegmentEnded, segment, at) with
            {
                SegmentEnd = at,
                EndReason = reasonLeg?.EndReason,
                EndCause = reasonLeg?.EndCause,
                AudioFile = segment.RelativePath,
                AudioSeconds = seconds,
                Flags = FlagsOf(segment),
                Tracks = [.. segment.Legs.SelectMany(l => l.Streams.Select(s => s.Receiver.Quality()))],
            };
            if (segment.StartPublished)
            {
                segment.Recording.LastSegmentEnded = ended;
            }

            if (recordingEnded)
            {
                recording = RecordingFacts.Of(RecordingFactKind.RecordingEnded, segment, at) with
                {
                    SegmentEnd = at,
                    EndReason = reasonLeg?.EndReason,
                    EndCause = reasonLeg?.EndCause,
                    RawMetadata = segment.Recording.LastRawMetadata,
                };
            }
        }

        _facts.Publish(ended);
        if (recording is not null)
        {
            _facts.Publish(recording);
        }
    }

    /// <summary>Waits (on a finisher worker) for a segment's file to exist; false when creating it failed or hung.</summary>
    private static bool Completes(Task<MediaHost.SegmentRecorder> created)
    {
        try
        {
            return created.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    private static string ReasonOf(RecordingLeg leg, LegEnd end)
    {
        var token = end.Reason == LegEndReason.Bye && end.Q850Cause == ReasonHeader.ResourceUnavailable && (leg.AnswerMissing || !leg.Acked)
            ? "codec-failure"
            : end.Token;
        return end.Reason == LegEndReason.Bye && end.ReasonHeader is { } header ? $"{token} ({header})" : token;
    }

    private static List<string> FlagsOf(RecordingSegment segment)
    {
        var flags = new List<string>();
        var streams = segment.Legs.SelectMany(l => l.Streams).ToList();
        if (segment.Legs.Exists(l => l.EndCause == ReasonHeader.ResourceUnavailable))
        {
            flags.Add("codec-failure");
        }

        if (segment.Legs.Exists(l => l.AnswerMissing))
        {
            flags.Add("no-answer");
        }

        // Per-stream media flags: no-audio (unless held inactive), codec-mismatch, SRTP failures.
        flags.AddRange(streams.SelectMany(s => s.Receiver.Flags()).Distinct());

        if (segment.Recording.Source == "cucm-bib" && !(segment.ChannelTaken[0] && segment.ChannelTaken[1]))
        {
            flags.Add("one-leg-missing");
        }

        if (segment.Recording.Source == "siprec" && streams.Count == 1)
        {
            flags.Add("mixed");
        }

        if (segment.Recording.MetadataInvalid)
        {
            flags.Add("metadata-invalid");
        }

        return flags;
    }
}
