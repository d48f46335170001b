namespace CorrelationHub.Media.Rtp;

/// <summary>
/// One received audio track (one m-line) after SRTP and latching: sequence tracking and loss (RFC 3550 A.1, A.3),
/// jitter (A.8), duplicates dropped, reordering through a small jitter buffer, SSRC changes confirmed by two
/// sequential packets (stragglers of the old SSRC dropped), payload types classified — telephone-event and comfort
/// noise counted and never decoded, anything not negotiated or not decodable counted as a codec mismatch — and audio
/// decoded by its own decoder and placed on the segment timeline by RTP timestamp. Not thread-safe: the caller
/// serialises packets of a track.
/// </summary>
public sealed class RtpTrack
{
    private readonly ITrackWriter _writer;
    private readonly TimeProvider _time;
    private readonly RtpTrackOptions _options;
    private readonly RtpReorderBuffer _reorder;
    private readonly HashSet<uint> _retired = [];
    private readonly TrackStatistics _stats = new();
    private IReadOnlyDictionary<int, PayloadFormat> _payloads;
    private Source? _source;
    private Candidate? _candidate;
    private Codecs.IAudioDecoder? _decoder;
    private string? _decoderEncoding;
    private RtpTrackClock? _clock;
    private long? _lastSequence;
    private uint? _nextTimestamp;
    private long _lostBefore;
    private readonly TelephoneEvents _events = new();
    private readonly List<(long From, long To)> _masked = [];

    public RtpTrack(int channel, ITrackWriter writer, IReadOnlyDictionary<int, PayloadFormat> payloads, TimeProvider time, RtpTrackOptions? options = null)
    {
        Channel = channel;
        _writer = writer;
        _payloads = payloads;
        _time = time;
        _options = options ?? new RtpTrackOptions();
        _reorder = new RtpReorderBuffer(_options.ReorderDepth);
    }

    public int Channel { get; }

    public uint? Ssrc => _source?.Ssrc;

    /// <summary>Counters; read under the caller's lock.</summary>
    public TrackStatistics Statistics
    {
        get
        {
            _stats.Lost = _lostBefore + (_source?.Sequence.Lost ?? 0);
            _stats.Reanchors = _clock?.Reanchors ?? 0;
            return _stats;
        }
    }

    public void UpdatePayloads(IReadOnlyDictionary<int, PayloadFormat> payloads) => _payloads = payloads;

    /// <summary>Handles one plain RTP packet that arrived at <paramref name="arrival"/> (a TimeProvider timestamp).</summary>
    public void Receive(ReadOnlySpan<byte> packet, long arrival)
    {
        if (!RtpPacket.TryParse(packet, out var rtp))
        {
            _stats.Malformed++;
            return;
        }

        if (_source is null)
        {
            _source = new Source(rtp.Ssrc);
        }
        else if (rtp.Ssrc != _source.Ssrc)
        {
            if (_retired.Contains(rtp.Ssrc))
            {
                _stats.StaleSsrc++;
                return;
            }

            // RFC 3550 A.1 probation: believe a new SSRC after two sequential packets.
            if (_candidate is { } candidate && candidate.Ssrc == rtp.Ssrc && (ushort)(candidate.Sequence + 1) == rtp.SequenceNumber)
            {
                SwitchTo(rtp.Ssrc);
                RtpPacket.TryParse(candidate.Packet, out var first);
                Process(first, candidate.Arrival);
            }
            else
            {
                if (_candidate is not null)
                {
                    _stats.StaleSsrc++;
                }

                _candidate = new Candidate(rtp.Ssrc, rtp.SequenceNumber, packet.ToArray(), arrival);
                return;
            }
        }

        Process(rtp, arrival);
    }

    /// <summary>Hands on packets the jitter buffer still holds (end of the stream, or a quiet period).</summary>
    public void Flush()
    {
        foreach (var held in _reorder.Drain(all: true))
        {
            Decode(held);
        }
    }

    private void SwitchTo(uint ssrc)
    {
        Flush();
        _retired.Add(_source!.Ssrc);
        _lostBefore += _source.Sequence.Lost;
        _source = new Source(ssrc);
        _candidate = null;
        _reorder.Reset();
        ReplaceDecoder(null, null);
        _stats.SsrcChanges++;
    }

    private void Process(RtpPacket rtp, long arrival)
    {
        var source = _source!;
        switch (source.Sequence.Update(rtp.SequenceNumber, out var extended))
        {
            case SequenceVerdict.Duplicate:
                _stats.Duplicates++;
                return;
            case SequenceVerdict.Jump:
                _stats.Malformed++;
                return;
            case SequenceVerdict.Restarted:
                Flush();
                _reorder.Reset();
                break;
            case SequenceVerdict.Reordered:
                _stats.Reordered++;
                break;
        }

        _stats.Packets++;
        if (!_payloads.TryGetValue(rtp.PayloadType, out var format))
        {
            format = rtp.PayloadType is 13 or 19 ? new PayloadFormat(rtp.PayloadType, "CN", 8000) : null;
            if (format is null)
            {
                _stats.CodecMismatch++;
                return;
            }
        }

        source.Jitter.Update(_time.GetElapsedTime(0, arrival).TotalSeconds, rtp.Timestamp, format.ClockRate);
        _stats.JitterMs = source.Jitter.Milliseconds(format.ClockRate);
        _stats.MaxJitterMs = Math.Max(_stats.MaxJitterMs, source.Jitter.MaxJitter * 1000 / format.ClockRate);

        switch (format.Kind)
        {
            case PayloadKind.TelephoneEvent:
                OnTelephoneEvent(rtp.Payload, rtp.Timestamp, format);
                return;
            case PayloadKind.ComfortNoise:
                _stats.ComfortNoise++;
                return;
            case PayloadKind.Undecodable:
                _stats.CodecMismatch++;
                _stats.UndecodableEncoding ??= format.Encoding;
                return;
        }

        switch (_reorder.Offer(extended))
        {
            case ArrivalDecision.Late:
                _stats.Late++;
                return;
            case ArrivalDecision.Hold:
                _reorder.Hold(extended, new BufferedPacket(rtp.Payload.ToArray(), rtp.Timestamp, format, arrival, rtp.Ssrc, extended));
                break;
            default:
                Decode(rtp.Payload, rtp.Timestamp, format, arrival, rtp.Ssrc, extended);
                break;
        }

        foreach (var held in _reorder.Drain())
        {
            Decode(held);
        }
    }

    private void Decode(BufferedPacket packet) => Decode(packet.Payload, packet.Timestamp, packet.Format, packet.Arrival, packet.Ssrc, packet.Sequence);

    private void Decode(ReadOnlySpan<byte> payload, uint timestamp, PayloadFormat format, long arrival, uint ssrc, long sequence)
    {
        if (payload.IsEmpty)
        {
            return;
        }

        if (_writer.SampleRate == 0)
        {
            _writer.ChooseSampleRate(Codecs.AudioDecoders.NativeRate(format.Encoding) ?? 8000);
        }

        var rate = _writer.SampleRate;
        if (_decoder is null || _decoderEncoding != format.Encoding)
        {
            // A codec change mid-stream (a re-INVITE, CUBE's escalation): a decoder of its own from here on.
            ReplaceDecoder(Codecs.AudioDecoders.Create(format.Encoding, rate), format.Encoding);
            var name = format.Encoding.ToUpperInvariant();
            _stats.Codec = _stats.Codec is null ? name : _stats.Codec.Split(',').Contains(name) ? _stats.Codec : $"{_stats.Codec},{name}";
            _lastSequence = null;
        }

        _clock ??= new RtpTrackClock(rate, _options.MaxAhead, _options.MaxBehind);
        payload = payload.Length > 1600 ? payload[..1600] : payload;

        // RTP clock units to output samples: G.722 counts 8 kHz for 16 kHz audio (scale 2), Opus 48 kHz (divisor 3 at 16 kHz).
        var scale = Math.Max(1, rate / format.ClockRate);
        var divisor = Math.Max(1, format.ClockRate / rate);
        var position = _clock.PositionOf(ssrc, timestamp, _writer.ArrivalPosition(arrival), scale, _writer.WrittenPosition, divisor);
        if (_decoder is Codecs.OpusAudioDecoder opus && _lastSequence == sequence - 2 && _nextTimestamp is { } expected)
        {
            RecoverLost(opus, payload, position, (long)(int)(timestamp - expected) * scale / divisor);
        }

        Span<short> samples = stackalloc short[_decoder!.SamplesFor(payload.Length)];
        var count = _decoder.Decode(payload, samples);
        Mask(position, samples[..count]);
        _writer.Write(Channel, position, samples[..count]);
        _lastSequence = sequence;
        _nextTimestamp = timestamp + (uint)(count * divisor / scale);
    }

    /// <summary>
    /// Exactly one packet was lost before this Opus packet: its time (between the previous packet's end and this one)
    /// is rebuilt from this packet's in-band FEC (RFC 7587 §3.2) rather than left silent.
    /// </summary>
    private void RecoverLost(Codecs.OpusAudioDecoder opus, ReadOnlySpan<byte> next, long position, long lostSamples)
    {
        if (lostSamples <= 0 || lostSamples > opus.SamplesFor(0) || position - lostSamples < _writer.WrittenPosition)
        {
            return;
        }

        var buffer = System.Buffers.ArrayPool<short>.Shared.Rent((int)lostSamples);
        try
        {
            var recovered = opus.DecodeLost(next, (int)lostSamples, buffer);
            if (recovered > 0)
            {
                _stats.Recovered++;
                _writer.Write(Channel, position - lostSamples, buffer.AsSpan(0, recovered));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<short>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A telephone-event packet: the key is kept (<see cref="TrackStatistics.Dtmf"/>) once it ends, and with
    /// <see cref="RtpTrackOptions.MaskDtmf"/> the span it covers so far becomes silence, also for audio placed there
    /// before or after (the in-band tone many phones send beside the event).
    /// </summary>
    private void OnTelephoneEvent(ReadOnlySpan<byte> payload, uint timestamp, PayloadFormat format)
    {
        var rate = _writer.SampleRate;
        var scale = rate == 0 ? 1 : Math.Max(1, rate / format.ClockRate);
        var divisor = rate == 0 ? 1 : Math.Max(1, format.ClockRate / rate);
        long? PositionOf(uint ts) => _clock?.Peek(ts, scale, divisor);
        var span = _events.Read(payload, timestamp, format.ClockRate, ts => PositionOf(ts) is { } p && rate > 0 ? p / (double)rate : null);
        _stats.TelephoneEvents = _events.Count;
        _stats.Dtmf = _events.Events;
        if (!_options.MaskDtmf || span is null || PositionOf(span.Value.Start) is not { } from)
        {
            return;
        }

        var duration = span.Value.Duration;
        var to = from + ((long)duration * scale / divisor);
        if (_masked.Count > 0 && _masked[^1].From == from)
        {
            _masked[^1] = (from, Math.Max(_masked[^1].To, to));
        }
        else
        {
            _masked.Add((from, to));
        }

        // Silence over what is already placed (not yet in the file) in the event's span.
        var clipped = Math.Max(from, _writer.WrittenPosition);
        if (to > clipped)
        {
            var zeros = new short[to - clipped];
            _writer.Write(Channel, clipped, zeros);
        }
    }

    /// <summary>Silences the samples of a decoded packet that fall inside a masked key press.</summary>
    private void Mask(long position, Span<short> samples)
    {
        if (_masked.Count == 0)
        {
            return;
        }

        foreach (var (from, to) in _masked)
        {
            var start = Math.Max(from, position);
            var end = Math.Min(to, position + samples.Length);
            if (end > start)
            {
                samples[(int)(start - position)..(int)(end - position)].Clear();
            }
        }

        // Spans the file has passed can no longer matter.
        _masked.RemoveAll(m => m.To < _writer.WrittenPosition);
    }

    private void ReplaceDecoder(Codecs.IAudioDecoder? decoder, string? encoding)
    {
        (_decoder as IDisposable)?.Dispose();
        _decoder = decoder;
        _decoderEncoding = encoding;
    }

    private sealed class Source(uint ssrc)
    {
        public uint Ssrc { get; } = ssrc;

        public RtpSequenceTracker Sequence { get; } = new();

        public JitterEstimator Jitter { get; } = new();
    }

    private sealed record Candidate(uint Ssrc, ushort Sequence, byte[] Packet, long Arrival);
}
