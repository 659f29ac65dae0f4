using System.Net;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

/// <summary>Listing and clearing queued faults and recorded requests, so one emulator can serve several probes.</summary>
public sealed class FaultQueueTests
{
    private const string Embedding = """{"model":"green-embedding","input":"x"}""";

    [Fact]
    public async Task Queued_faults_are_listed_in_order_with_their_remaining_counts()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var limited = EmulatorFault.Status(429, retryAfterSeconds: 1) with { Times = 2 };
        var html = new EmulatorFault { Kind = EmulatorFaultKind.Html502 };
        emulator.EnqueueFault(limited);
        emulator.EnqueueFault(html);

        Assert.Equal([limited, html with { Times = 1 }], emulator.QueuedFaults);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(client, Post("embeddings", Embedding))).Response.StatusCode);
        Assert.Equal([limited with { Times = 1 }, html with { Times = 1 }], emulator.QueuedFaults);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(client, Post("embeddings", Embedding))).Response.StatusCode);
        Assert.Equal([html with { Times = 1 }], emulator.QueuedFaults);
        Assert.Equal(HttpStatusCode.BadGateway, (await SendAsync(client, Post("chat/completions", Chat("green-l", "x")))).Response.StatusCode);
        Assert.Empty(emulator.QueuedFaults);
    }

    [Fact]
    public async Task A_listed_fault_queued_again_behaves_like_the_rest_of_the_original()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        emulator.EnqueueFault(EmulatorFault.Status(503) with { Times = 3 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(client, Post("embeddings", Embedding))).Response.StatusCode);

        var remaining = emulator.QueuedFaults;
        emulator.ClearFaults();
        foreach (var fault in remaining)
        {
            emulator.EnqueueFault(fault);
        }

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 3; i++)
        {
            statuses.Add((await SendAsync(client, Post("embeddings", Embedding))).Response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task ClearFaults_empties_the_queue_and_resets_header_counters()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        const string Header = "status=503;times=1;key=probe";

        // First probe: the header fault fails once, then succeeds; a queued fault is left over.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(client, Post("chat/completions", Chat("green-l", "x"), Header))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, Post("chat/completions", Chat("green-l", "x"), Header))).Response.StatusCode);
        emulator.EnqueueFault(EmulatorFault.Status(500) with { Times = 5 });

        emulator.ClearFaults();

        // Second probe on the same emulator starts clean.
        Assert.Empty(emulator.QueuedFaults);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, Post("chat/completions", Chat("green-l", "x")))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(client, Post("chat/completions", Chat("green-l", "x"), Header))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, Post("chat/completions", Chat("green-l", "x"), Header))).Response.StatusCode);
    }

    [Fact]
    public async Task ClearRecordedRequests_forgets_bodies_and_resets_the_count()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        await SendAsync(client, Post("chat/completions", Chat("green-l", "before")));
        await SendAsync(client, Post("embeddings", Embedding));
        Assert.Equal(2, emulator.RequestCount);

        emulator.ClearRecordedRequests();

        Assert.Equal(0, emulator.RequestCount);
        Assert.Empty(emulator.ChatRequests);
        Assert.Empty(emulator.ChatRequestDetails);
        Assert.Empty(emulator.EmbeddingRequests);

        string after = Chat("green-l", "after");
        await SendAsync(client, Post("chat/completions", after));
        Assert.Equal([after], emulator.ChatRequests);
        Assert.Equal(1, emulator.RequestCount);
    }
}
