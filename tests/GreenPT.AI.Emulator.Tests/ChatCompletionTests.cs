using System.Net;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

public sealed class ChatCompletionTests
{
    [Fact]
    public async Task Non_streaming_body_has_the_documented_shape()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, "chat/completions", Chat("gemma4", "How are you today?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("4823.00", Header(response, "x-credits-remaining"));
        Assert.Equal(["id", "object", "created", "model", "choices", "usage", "impact"], json.AsObject().Select(p => p.Key));
        Assert.StartsWith("cmpl-", json["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", json["object"]!.GetValue<string>());
        Assert.InRange(json["created"]!.GetValue<long>(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
        Assert.Equal("gemma4", json["model"]!.GetValue<string>());

        var choice = json["choices"]!.AsArray().Single()!;
        Assert.Equal(0, choice["index"]!.GetValue<int>());
        Assert.True(choice.AsObject().ContainsKey("logprobs"));
        Assert.Null(choice["logprobs"]);
        Assert.Equal("stop", choice["finish_reason"]!.GetValue<string>());
        var message = choice["message"]!;
        Assert.Equal("assistant", message["role"]!.GetValue<string>());
        Assert.Equal(Expected("How are you today?"), message["content"]!.GetValue<string>());
        string reasoning = message["reasoning_content"]!.GetValue<string>();
        Assert.Contains("How are you today?", reasoning, StringComparison.Ordinal);
        Assert.False(message.AsObject().ContainsKey("tool_calls"));

        var usage = json["usage"]!;
        int prompt = usage["prompt_tokens"]!.GetValue<int>();
        int completion = usage["completion_tokens"]!.GetValue<int>();
        Assert.Equal(4, prompt);
        int contentTokens = Expected("How are you today?").Split(' ').Length;
        int reasoningTokens = reasoning.Split(' ').Length;
        Assert.Equal(contentTokens + reasoningTokens, completion);
        Assert.Equal(prompt + completion, usage["total_tokens"]!.GetValue<int>());
        Assert.Equal(reasoningTokens, usage["completion_tokens_details"]!["reasoning_tokens"]!.GetValue<int>());

        // Impact: the documented simulated formula, one decimal place.
        double time = Math.Round(40 + (12.0 * completion) + (0.05 * prompt), 1);
        double energy = Math.Round((40 + (12.0 * completion) + (0.05 * prompt)) * 300 * 1.2 * 1.1, 1);
        double emissions = Math.Round((40 + (12.0 * completion) + (0.05 * prompt)) * 300 * 1.2 * 1.1 / 3.6e9 * 40 * 1e6, 1);
        Assert.Equal((long)Math.Round(time, MidpointRounding.AwayFromZero), usage["inferenceTiming"]!["inferenceTimeMs"]!.GetValue<long>());
        var impact = json["impact"]!;
        Assert.Equal(time, impact["inferenceTime"]!["total"]!.GetValue<double>());
        Assert.Equal("ms", impact["inferenceTime"]!["unit"]!.GetValue<string>());
        Assert.Equal(energy, impact["energy"]!["total"]!.GetValue<double>());
        Assert.Equal("Wms", impact["energy"]!["unit"]!.GetValue<string>());
        Assert.Equal(emissions, impact["emissions"]!["total"]!.GetValue<double>());
        Assert.Equal("ugCO2e", impact["emissions"]!["unit"]!.GetValue<string>());
        Assert.Equal("emulator-20250922", impact["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Non_streaming_body_has_every_field_of_the_golden_fixture()
    {
        string path = FixturePath("greenpt-completion.json");
        var golden = JsonNode.Parse(await File.ReadAllTextAsync(path, Ct))!;

        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, json) = await PostJsonAsync(client, "chat/completions", Chat("gemma4", "Hi, how are you?"));

        foreach (string field in Paths(golden))
        {
            Assert.True(Resolve(json, field, out var kind), $"missing {field}");
            Assert.Equal(KindAt(golden, field), kind);
        }

        static IEnumerable<string> Paths(JsonNode node, string prefix = "")
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (k, v) in o)
                    {
                        string p = prefix.Length == 0 ? k : prefix + "." + k;
                        yield return p;
                        if (v is not null)
                        {
                            foreach (var child in Paths(v, p))
                            {
                                yield return child;
                            }
                        }
                    }

                    break;
                case JsonArray a when a.Count > 0:
                    foreach (var child in Paths(a[0]!, prefix + "[0]"))
                    {
                        yield return child;
                    }

                    break;
                default:
                    break;
            }
        }

        static bool Resolve(JsonNode root, string path, out System.Text.Json.JsonValueKind kind)
        {
            JsonNode? node = root;
            foreach (string segment in path.Split('.'))
            {
                string name = segment.EndsWith("[0]", StringComparison.Ordinal) ? segment[..^3] : segment;
                if (node is not JsonObject o || !o.TryGetPropertyValue(name, out node))
                {
                    kind = default;
                    return false;
                }

                if (segment.EndsWith("[0]", StringComparison.Ordinal))
                {
                    node = node!.AsArray()[0];
                }
            }

            kind = JsonValueKind(node);
            return true;
        }

        static System.Text.Json.JsonValueKind KindAt(JsonNode root, string path)
            => Resolve(root, path, out var kind) ? kind : throw new InvalidOperationException(path);
    }

    [Fact]
    public async Task Reasoning_is_omitted_with_effort_none_and_on_non_reasoning_models()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);

        var (_, off) = await PostJsonAsync(client, "chat/completions", Chat("gemma4", "quiet please", b => b["reasoning_effort"] = "none"));
        Assert.False(off["choices"]![0]!["message"]!.AsObject().ContainsKey("reasoning_content"));
        Assert.False(off["usage"]!.AsObject().ContainsKey("completion_tokens_details"));
        Assert.Equal(Expected("quiet please"), off["choices"]![0]!["message"]!["content"]!.GetValue<string>());

        var (_, graded) = await PostJsonAsync(client, "chat/completions", Chat("glm-5.2", "think a bit", b => b["reasoning_effort"] = "low"));
        Assert.NotNull(graded["choices"]![0]!["message"]!["reasoning_content"]);

        foreach (string model in (string[])["green-l", "green-l-raw", "mistral-small-3.2-24b-instruct-2506"])
        {
            var (_, plain) = await PostJsonAsync(client, "chat/completions", Chat(model, "no thoughts", b => b["reasoning_effort"] = "high"));
            Assert.False(plain["choices"]![0]!["message"]!.AsObject().ContainsKey("reasoning_content"));
        }

        foreach (string model in (string[])["gemma4", "green-r", "green-r-raw", "gpt-oss-120b", "glm-5.2"])
        {
            var (_, thinking) = await PostJsonAsync(client, "chat/completions", Chat(model, "default thinking"));
            Assert.Contains("default thinking", thinking["choices"]![0]!["message"]!["reasoning_content"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Content_parts_are_read_and_images_counted()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        string body = """
            {"model":"gemma4","reasoning_effort":"none","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"user","content":[
                {"type":"text","text":"What is in these pictures?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}
            """;
        var (_, json) = await PostJsonAsync(client, "chat/completions", body);
        Assert.Equal(
            "You said: \"What is in these pictures?\". I received 2 images. This answer comes from the GreenPT emulator.",
            json["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(7, json["usage"]!["prompt_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Max_tokens_cuts_the_answer_with_finish_reason_length()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (_, json) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "one two three", b => b["max_tokens"] = 3));
        Assert.Equal("length", json["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal("You said: \"one", json["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(3, json["usage"]!["completion_tokens"]!.GetValue<int>());

        // A thinking model can spend the whole budget on reasoning: content comes back empty.
        var (_, thinking) = await PostJsonAsync(client, "chat/completions", Chat("gemma4", "17*24", b => b["max_tokens"] = 2));
        Assert.Equal("length", thinking["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(string.Empty, thinking["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(2, thinking["usage"]!["completion_tokens_details"]!["reasoning_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Requests_are_recorded_with_headers_and_distinct_requests_get_distinct_answers()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        client.DefaultRequestHeaders.Add("X-Test", "abc");
        string first = Chat("green-l", "alpha");
        string second = Chat("green-l", "beta");
        var (_, a) = await PostJsonAsync(client, "chat/completions", first);
        var (_, b) = await PostJsonAsync(client, "chat/completions", second);

        Assert.NotEqual(a["choices"]![0]!["message"]!["content"]!.GetValue<string>(), b["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal([first, second], emulator.ChatRequests);
        var details = emulator.ChatRequestDetails;
        Assert.Equal("abc", details[0].Headers["x-test"]);
        Assert.Equal("Bearer ***", details[0].Headers["Authorization"]);
        Assert.Equal("POST", details[0].Method);
        Assert.Equal("/v1/chat/completions", details[0].Path);
        Assert.Equal(2, emulator.RequestCount);
    }

    [Fact]
    public async Task Scripted_answers_override_the_built_in_rule()
    {
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions
        {
            Script = request => request.GetProperty("messages")[0].GetProperty("content").GetString() == "script me"
                ? new EmulatorScript { Reasoning = "Scripted thought.", Content = "Scripted answer." }
                : null,
        });
        using var client = Client(emulator);
        var (_, scripted) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "script me"));
        Assert.Equal("Scripted answer.", scripted["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal("Scripted thought.", scripted["choices"]![0]!["message"]!["reasoning_content"]!.GetValue<string>());

        var (_, normal) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "not me"));
        Assert.Equal(Expected("not me"), normal["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }
}
