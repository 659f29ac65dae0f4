using System.Text;
using System.Text.Json;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

public sealed class ToolCallTests
{
    private static JsonArray Tools() =>
    [
        new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject
            {
                ["name"] = "get_weather",
                ["description"] = "Weather for a city",
                ["parameters"] = JsonNode.Parse("""
                    {"type":"object","properties":{
                      "city":{"type":"string"},
                      "days":{"type":"integer"},
                      "metric":{"type":"boolean"},
                      "unit":{"type":"string","enum":["celsius","fahrenheit"]},
                      "extra":{"type":"object"}},
                     "required":["city","days","metric","unit","extra"]}
                    """),
            },
        },
        new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject
            {
                ["name"] = "get_time",
                ["parameters"] = JsonNode.Parse("""{"type":"object","properties":{"zone":{"type":"string"},"offset":{"type":"number"}}}"""),
            },
        },
    ];

    [Fact]
    public async Task Tools_produce_a_call_built_from_the_schema()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, json) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "Paris", b => b["tools"] = Tools()));

        var choice = json["choices"]![0]!;
        Assert.Equal("tool_calls", choice["finish_reason"]!.GetValue<string>());
        Assert.Null(choice["message"]!["content"]);
        var call = choice["message"]!["tool_calls"]!.AsArray().Single()!;
        Assert.Matches("^[A-Za-z0-9]{9}$", call["id"]!.GetValue<string>());
        Assert.Equal("function", call["type"]!.GetValue<string>());
        Assert.Equal("get_weather", call["function"]!["name"]!.GetValue<string>());
        string arguments = call["function"]!["arguments"]!.GetValue<string>();
        Assert.Equal("""{"city":"Paris","days":42,"metric":true,"unit":"celsius","extra":null}""", arguments);

        // Deterministic: the same request gives the same id.
        var (_, again) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "Paris", b => b["tools"] = Tools()));
        Assert.Equal(call["id"]!.GetValue<string>(), again["choices"]![0]!["message"]!["tool_calls"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Named_tool_choice_is_honoured_and_all_properties_used_when_none_required()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, json) = await PostJsonAsync(client, "chat/completions", Chat("glm-5.2", "Tokyo", b =>
        {
            b["tools"] = Tools();
            b["tool_choice"] = new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_time" } };
        }));
        var message = json["choices"]![0]!["message"]!;
        Assert.Equal("get_time", message["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>());
        Assert.Equal("""{"zone":"Tokyo","offset":42}""", message["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>());
        Assert.Contains("get_time", message["reasoning_content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_choice_none_answers_with_text()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, json) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "just talk", b =>
        {
            b["tools"] = Tools();
            b["tool_choice"] = "none";
        }));
        Assert.Equal(Expected("just talk"), json["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal("stop", json["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tool_result_as_last_message_is_answered_with_text_that_contains_it()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var body = new JsonObject
        {
            ["model"] = "mistral-small-3.2-24b-instruct-2506",
            ["tools"] = Tools(),
            ["messages"] = JsonNode.Parse("""
                [{"role":"user","content":"Weather in Paris?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"abcDEF123","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"abcDEF123","content":"18 degrees and sunny"}]
                """),
        };
        var (_, json) = await PostJsonAsync(client, "chat/completions", body.ToJsonString());
        string content = json["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        Assert.Contains("18 degrees and sunny", content, StringComparison.Ordinal);
        Assert.Equal("stop", json["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Streamed_tool_call_fragments_reassemble_to_the_same_valid_json()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, nonStreamed) = await PostJsonAsync(client, "chat/completions", Chat("green-r", "Amsterdam", b => b["tools"] = Tools()));
        var expectedCall = nonStreamed["choices"]![0]!["message"]!["tool_calls"]![0]!;

        var (_, reader) = await OpenStreamAsync(client, Chat("green-r", "Amsterdam", b =>
        {
            b["tools"] = Tools();
            b["stream"] = true;
        }));
        using var _ = reader;
        var events = await ReadAllAsync(reader);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e)!).ToList();
        var deltas = chunks.Select(c => c["choices"]![0]!["delta"]!).ToList();

        var reasoningDeltas = deltas.TakeWhile(d => d.AsObject().ContainsKey("reasoning_content")).ToList();
        Assert.NotEmpty(reasoningDeltas);
        var toolDeltas = deltas.Skip(reasoningDeltas.Count).Take(deltas.Count - reasoningDeltas.Count - 1).ToList();
        Assert.True(toolDeltas.Count >= 3, "the arguments come in several fragments");

        var head = toolDeltas[0]["tool_calls"]!.AsArray().Single()!.AsObject();
        Assert.Equal(["index", "id", "type", "function"], head.Select(p => p.Key));
        Assert.Equal(0, head["index"]!.GetValue<int>());
        Assert.Equal(expectedCall["id"]!.GetValue<string>(), head["id"]!.GetValue<string>());
        Assert.Equal("function", head["type"]!.GetValue<string>());
        Assert.Equal("get_weather", head["function"]!["name"]!.GetValue<string>());
        Assert.Equal(string.Empty, head["function"]!["arguments"]!.GetValue<string>());

        var arguments = new StringBuilder();
        foreach (var delta in toolDeltas.Skip(1))
        {
            var fragment = delta["tool_calls"]!.AsArray().Single()!.AsObject();
            Assert.Equal(["index", "function"], fragment.Select(p => p.Key));
            Assert.Equal(0, fragment["index"]!.GetValue<int>());
            Assert.Equal(["arguments"], fragment["function"]!.AsObject().Select(p => p.Key));
            arguments.Append(fragment["function"]!["arguments"]!.GetValue<string>());
        }

        Assert.Equal(expectedCall["function"]!["arguments"]!.GetValue<string>(), arguments.ToString());
        using var parsed = JsonDocument.Parse(arguments.ToString());
        Assert.Equal("Amsterdam", parsed.RootElement.GetProperty("city").GetString());

        var finish = chunks[^1];
        Assert.Equal("tool_calls", finish["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scripted_parallel_tool_calls_stream_with_their_own_indexes()
    {
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions
        {
            Script = _ => new EmulatorScript
            {
                ToolCalls = [new EmulatorToolCall("a", """{"x":1}"""), new EmulatorToolCall("b", """{"y":"two words"}""", Id: "CustomId9")],
            },
        });
        using var client = Client(emulator);
        var (_, reader) = await OpenStreamAsync(client, Chat("green-l", "both", b => b["stream"] = true));
        using var _ = reader;
        var events = await ReadAllAsync(reader);
        var calls = new SortedDictionary<int, (string? Id, string? Name, StringBuilder Args)>();
        foreach (var e in events[..^2])
        {
            var fragment = JsonNode.Parse(e)!["choices"]![0]!["delta"]!["tool_calls"]![0]!;
            int index = fragment["index"]!.GetValue<int>();
            if (!calls.TryGetValue(index, out var call))
            {
                call = (fragment["id"]!.GetValue<string>(), fragment["function"]!["name"]!.GetValue<string>(), new StringBuilder());
                calls[index] = call;
            }

            call.Args.Append(fragment["function"]!["arguments"]!.GetValue<string>());
        }

        Assert.Equal(2, calls.Count);
        Assert.Equal("a", calls[0].Name);
        Assert.Equal("""{"x":1}""", calls[0].Args.ToString());
        Assert.Equal("CustomId9", calls[1].Id);
        Assert.Equal("""{"y":"two words"}""", calls[1].Args.ToString());
    }
}
