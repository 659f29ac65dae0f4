using System.Net;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

public sealed class FaultTests
{
    private static string StreamBody(string text) => Chat("green-l", text, b => b["stream"] = true);

    [Fact]
    public async Task Status_fault_gives_a_GreenPT_error_with_retry_after_and_request_id()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "x"), fault: "status=503;retry-after=2");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        AssertGreenPTError(json, 503, "service_unavailable", null);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter!.Delta);
        Assert.Equal(json["requestId"]!.GetValue<string>(), Header(response, "x-request-id"));
    }

    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(402, "insufficient_credits")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "server_error")]
    [InlineData(504, "gateway_timeout")]
    public async Task Status_fault_maps_the_error_type(int status, string type)
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, "embeddings", """{"model":"green-embedding","input":"x"}""", fault: $"status={status}");
        Assert.Equal(status, (int)response.StatusCode);
        AssertGreenPTError(json, status, type, null);
        Assert.False(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Times_and_key_fail_the_first_n_requests_then_succeed()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        const string Fault = "status=503;retry-after=1;times=2;key=retry-test";
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 3; i++)
        {
            var (response, _) = await SendAsync(client, Post("chat/completions", Chat("green-l", "retry me"), Fault));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);

        // Another key has its own counter.
        var (other, _) = await SendAsync(client, Post("chat/completions", Chat("green-l", "retry me"), "status=503;times=1;key=other"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, other.StatusCode);
        Assert.Equal(4, emulator.RequestCount);
    }

    [Fact]
    public async Task Html502_sends_an_html_body()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, body) = await SendAsync(client, Post("chat/completions", Chat("green-l", "x"), "html502"));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<html>", body, StringComparison.Ordinal);
        Assert.Contains("502 Bad Gateway", body, StringComparison.Ordinal);
        Assert.StartsWith("req_", Header(response, "x-request-id"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stall_headers_never_answers_until_the_client_gives_up()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var send = client.SendAsync(Post("chat/completions", Chat("green-l", "x"), "stall-headers"), HttpCompletionOption.ResponseHeadersRead, cts.Token);

        // Nothing arrives within a short window; then the client aborts.
        await Assert.ThrowsAsync<TimeoutException>(() => send.WaitAsync(TimeSpan.FromMilliseconds(300), Ct));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WaitAsync(Bound, Ct));

        // The emulator is still healthy.
        var (ok, _) = await SendAsync(client, Post("chat/completions", Chat("green-l", "x")));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Stall_mid_stream_sends_one_chunk_then_nothing()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var (response, reader) = await OpenStreamUntilAsync(client, StreamBody("stall"), "stall-mid-stream", cts.Token);
        using var _ = reader;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string first = (await reader.ReadEventAsync(Ct).WaitAsync(Bound, Ct))!;
        Assert.Equal("assistant", JsonNode.Parse(first)!["choices"]![0]!["delta"]!["role"]!.GetValue<string>());

        var next = reader.ReadEventAsync(cts.Token);
        await Assert.ThrowsAsync<TimeoutException>(() => next.WaitAsync(TimeSpan.FromMilliseconds(300), Ct));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => next.WaitAsync(Bound, Ct));
    }

    [Fact]
    public async Task Drop_mid_stream_aborts_the_connection_after_one_chunk()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, reader) = await OpenStreamAsync(client, StreamBody("drop"), "drop-mid-stream");
        using var _ = reader;
        Assert.NotNull(await reader.ReadEventAsync(Ct).WaitAsync(Bound, Ct));
        await Assert.ThrowsAnyAsync<IOException>(() => reader.ReadEventAsync(Ct).WaitAsync(Bound, Ct));
    }

    [Fact]
    public async Task Malformed_event_follows_the_first_chunk_and_the_stream_ends()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, reader) = await OpenStreamAsync(client, StreamBody("malformed"), "malformed-event");
        using var _ = reader;
        var events = await ReadAllAsync(reader);
        Assert.Equal(2, events.Count);
        Assert.NotNull(JsonNode.Parse(events[0]));
        Assert.Equal("{not json", events[1]);
    }

    [Fact]
    public async Task Error_event_sends_a_GreenPT_error_object_inside_a_200_stream()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, reader) = await OpenStreamAsync(client, StreamBody("error"), "error-event;request-id=req_midstream");
        using var _ = reader;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await ReadAllAsync(reader);
        Assert.Equal(2, events.Count);
        var error = JsonNode.Parse(events[1])!;
        AssertGreenPTError(error, 500, "server_error", null);
        Assert.Equal("req_midstream", error["requestId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Truncate_sends_all_content_but_no_finish_and_no_done()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, reader) = await OpenStreamAsync(client, StreamBody("cut off"), "truncate");
        using var _ = reader;
        var events = await ReadAllAsync(reader);
        Assert.DoesNotContain("[DONE]", events);
        var chunks = events.Select(e => JsonNode.Parse(e)!).ToList();
        Assert.All(chunks, c => Assert.Null(c["choices"]![0]!["finish_reason"]));
        Assert.Equal(Expected("cut off"), string.Concat(chunks.Select(c => c["choices"]![0]!["delta"]!["content"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Non_streaming_requests_get_a_cut_body_for_truncate()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, body) = await SendAsync(client, Post("chat/completions", Chat("green-l", "half"), "truncate"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => JsonNode.Parse(body));
    }

    [Fact]
    public async Task Credits_and_request_id_set_headers_and_body()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (ok, _) = await SendAsync(client, Post("chat/completions", Chat("green-l", "x"), "credits=12.34"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("12.34", Header(ok, "x-credit-balance"));
        Assert.Equal("12.34", Header(ok, "x-credits-remaining"));

        var (broke, json) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "x"), fault: "status=402;credits=0;request-id=req_custom42");
        Assert.Equal(HttpStatusCode.PaymentRequired, broke.StatusCode);
        Assert.Equal("0", Header(broke, "x-credit-balance"));
        Assert.Equal("req_custom42", json["requestId"]!.GetValue<string>());
        Assert.Equal("req_custom42", Header(broke, "x-request-id"));
    }

    [Fact]
    public async Task Enqueued_faults_apply_to_the_next_requests_and_a_header_takes_precedence()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        emulator.EnqueueFault(EmulatorFault.Status(429, retryAfterSeconds: 1) with { Times = 2 });
        emulator.EnqueueFault(new EmulatorFault { Kind = EmulatorFaultKind.Html502 });

        // Models and unauthenticated requests do not consume queued faults.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("models", Ct).WaitAsync(Bound, Ct)).StatusCode);
        using (var anonymous = Client(emulator, key: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(anonymous, Post("chat/completions", Chat("green-l", "x")))).Response.StatusCode);
        }

        // A header fault wins and leaves the queue alone.
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(client, Post("chat/completions", Chat("green-l", "x"), "status=409"))).Response.StatusCode);

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            statuses.Add((await SendAsync(client, Post("embeddings", """{"model":"green-embedding","input":"x"}"""))).Response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.BadGateway, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Invalid_fault_header_gives_400()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "x"), fault: "status=503;explode");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertGreenPTError(json, 400, "invalid_request_error", EmulatorFault.HeaderName);
    }

    [Theory]
    [InlineData("status=503", EmulatorFaultKind.Status)]
    [InlineData(" STATUS=429 ; Retry-After=3 ; times=2 ; key=k1 ", EmulatorFaultKind.Status)]
    [InlineData("html502", EmulatorFaultKind.Html502)]
    [InlineData("stall-headers", EmulatorFaultKind.StallHeaders)]
    [InlineData("stall-mid-stream", EmulatorFaultKind.StallMidStream)]
    [InlineData("drop-mid-stream", EmulatorFaultKind.DropMidStream)]
    [InlineData("malformed-event", EmulatorFaultKind.MalformedEvent)]
    [InlineData("error-event;message=boom", EmulatorFaultKind.ErrorEvent)]
    [InlineData("truncate", EmulatorFaultKind.Truncate)]
    [InlineData("credits=4.20;request-id=req_1", EmulatorFaultKind.None)]
    public void Fault_grammar_parses_and_round_trips(string header, EmulatorFaultKind kind)
    {
        var fault = EmulatorFault.Parse(header);
        Assert.Equal(kind, fault.Kind);
        Assert.Equal(fault, EmulatorFault.Parse(fault.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("status=200")]
    [InlineData("status=abc")]
    [InlineData("html502;truncate")]
    [InlineData("times=0")]
    [InlineData("truncate=1")]
    [InlineData("credits=1\r\nx: y")]
    [InlineData("bogus")]
    public void Fault_grammar_rejects_invalid_values(string header)
    {
        Assert.False(EmulatorFault.TryParse(header, out _));
        Assert.Throws<FormatException>(() => EmulatorFault.Parse(header));
    }

    [Fact]
    public void Parsed_fault_fields()
    {
        var fault = EmulatorFault.Parse("status=429;retry-after=3;times=2;key=k1;credits=0;request-id=req_x;message=slow down");
        Assert.Equal(429, fault.StatusCode);
        Assert.Equal(3, fault.RetryAfterSeconds);
        Assert.Equal(2, fault.Times);
        Assert.Equal("k1", fault.Key);
        Assert.Equal("0", fault.Credits);
        Assert.Equal("req_x", fault.RequestId);
        Assert.Equal("slow down", fault.Message);
    }
}
