#include "train/trainer.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "adapters/adapter_file.h"
#include "distributed/grad_buckets.h"
#include "train/loss.h"
#include "train/plots.h"
#include "train/schedule.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/json_lines.h"
#include "util/progress.h"

namespace hycam {
namespace fs = std::filesystem;
namespace {

std::atomic<bool> g_stop_requested{false};
extern "C" void request_stop(int) { g_stop_requested = true; }

// Installs SIGINT/SIGTERM handlers for the lifetime of a run, restoring the old ones after.
struct SignalGuard {
  using Handler = void (*)(int);
  Handler old_int, old_term;
  SignalGuard() {
    g_stop_requested = false;
    old_int = std::signal(SIGINT, request_stop);
    old_term = std::signal(SIGTERM, request_stop);
  }
  ~SignalGuard() {
    std::signal(SIGINT, old_int);
    std::signal(SIGTERM, old_term);
  }
};

std::unique_ptr<torch::optim::AdamW> make_optimizer(const Adapter& adapter, const TrainOptions& o) {
  std::vector<torch::Tensor> decay, no_decay;
  for (auto& p : adapter.parameters()) (p.dim() >= 2 ? decay : no_decay).push_back(p);
  auto base = torch::optim::AdamWOptions(o.lr).betas({o.beta1, o.beta2});
  std::vector<torch::optim::OptimizerParamGroup> groups;
  auto with_decay = base;
  with_decay.weight_decay(o.weight_decay);
  auto without = base;
  without.weight_decay(0.0);
  if (!decay.empty()) groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(with_decay));
  if (!no_decay.empty()) groups.emplace_back(no_decay, std::make_unique<torch::optim::AdamWOptions>(without));
  if (groups.empty()) throw Error("method " + adapter.options().method + " has no trainable parameters");
  return std::make_unique<torch::optim::AdamW>(groups, base);
}

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

nlohmann::json eval_record(int64_t step, const std::vector<TaskLoss>& losses) {
  nlohmann::json tasks = nlohmann::json::object();
  for (const auto& t : losses) tasks[t.task] = {{"loss", t.loss()}, {"ppl", t.perplexity()}, {"tokens", t.tokens}};
  return {{"type", "eval"}, {"step", step}, {"tasks", tasks}, {"mean_loss", mean_task_loss(losses)}};
}

}  // namespace

int64_t planned_steps(const TrainOptions& o, size_t train_samples) {
  if (o.steps > 0) return o.steps;
  const int64_t batches = (static_cast<int64_t>(train_samples) + o.batch - 1) / o.batch;
  return std::max<int64_t>(1, (batches * o.epochs + o.grad_accum - 1) / o.grad_accum);
}

Trainer::Trainer(TrainOptions opts, Adapter adapter, TrainInputs inputs, std::ostream& log, Communicator comm)
    : opts_(std::move(opts)), adapter_(std::move(adapter)), inputs_(std::move(inputs)), log_(log),
      comm_(std::move(comm)) {
  if (inputs_.train.empty()) throw Error("no training samples");
  optimizer_ = make_optimizer(adapter_, opts_);
  total_steps_ = planned_steps(opts_, inputs_.train.size());
  std::vector<int64_t> per_task(inputs_.tasks.size(), 0);
  for (const auto& s : inputs_.eval)
    if (opts_.eval_max_samples < 0 || per_task[s.task]++ < opts_.eval_max_samples) eval_subset_.push_back(s);
  if (comm_.size() > 1) eval_subset_ = eval_share(eval_subset_, comm_);
}

// The next grad_accum micro-batches of the seeded plan, crossing into a new epoch when needed.
std::vector<std::vector<int64_t>> Trainer::next_micro_batches() {
  std::vector<std::vector<int64_t>> out;
  while (static_cast<int64_t>(out.size()) < opts_.grad_accum) {
    if (epoch_plan_.empty())
      epoch_plan_ = data::length_grouped_batches(inputs_.train, opts_.batch, opts_.seed, state_.epoch);
    if (state_.batch_in_epoch >= static_cast<int64_t>(epoch_plan_.size())) {
      ++state_.epoch;
      state_.batch_in_epoch = 0;
      epoch_plan_.clear();
      continue;
    }
    out.push_back(epoch_plan_[state_.batch_in_epoch++]);
  }
  return out;
}

StepLosses forward_backward(Adapter& adapter, const std::vector<MicroBatch>& micro, Communicator& comm,
                            bool grad_checkpointing) {
  auto model = adapter.model();
  const auto device = model->embed_weight.device();
  StepLosses r;
  for (const auto& mb : micro) r.target_tokens += mb.all.target, r.real_tokens += mb.all.real;
  const double targets = static_cast<double>(std::max<int64_t>(1, r.target_tokens));
  for (const auto& mb : micro) {
    const auto& b = mb.batch;
    ForwardContext ctx;
    ctx.training = true;
    ctx.recompute_blocks = grad_checkpointing;
    ctx.rows = mb.rows;
    torch::Tensor loss;
    if (b.ids.defined()) {
      auto hidden = model->hidden_states({b.ids.to(device), b.attention_mask.to(device), b.positions.to(device)}, ctx);
      loss = nll_sum_at_targets(model, hidden, b.targets.to(device)) / targets;
      r.lm_loss += loss.item<double>();
    }
    if (adapter.options().routed()) {
      auto [bal, value] = balance_loss_over_ranks(adapter, ctx, comm);
      const double weight = static_cast<double>(mb.all.real) / r.real_tokens;
      if (bal.defined()) loss = loss + adapter.options().balance * (bal * weight);
      r.balance_loss += value * weight;
    }
    if (loss.defined()) loss.backward();
    if (mb.some_rank_idle) share_generator_state(comm);
  }
  return r;
}

StepLosses forward_backward(Adapter& adapter, const std::vector<data::Batch>& micro, bool grad_checkpointing) {
  std::vector<MicroBatch> whole;
  for (const auto& b : micro) whole.push_back(whole_micro_batch(b));
  Communicator single;
  return forward_backward(adapter, whole, single, grad_checkpointing);
}

Trainer::StepResult Trainer::train_step(int64_t step) {
  std::vector<MicroBatch> micro;
  for (const auto& idx : next_micro_batches()) micro.push_back(shard_micro_batch(inputs_.train, idx, inputs_.pad_id, comm_, opts_.pad_to_max_len ? opts_.max_len : 0));
  optimizer_->zero_grad();
  adapter_.model()->train();
  StepResult r;
  static_cast<StepLosses&>(r) = forward_backward(adapter_, micro, comm_, opts_.grad_checkpointing);
  if (comm_.size() > 1) {
    const auto t0 = std::chrono::steady_clock::now();
    all_reduce_gradients(comm_, adapter_.parameters());
    r.all_reduce_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.lm_loss = sum_over_ranks(comm_, r.lm_loss);
  }
  if (!std::isfinite(r.lm_loss) || !std::isfinite(r.balance_loss))
    throw Error("step " + std::to_string(step + 1) + ": the loss became " + std::to_string(r.lm_loss) +
                " (balance " + std::to_string(r.balance_loss) + "); stopping. " +
                (has_checkpoint(opts_.out) ? "The last good checkpoint is kept in " + opts_.out + "/checkpoint"
                                           : std::string("No checkpoint was saved yet (see --save-every)")) +
                "; try a lower --lr");
  r.grad_norm = torch::nn::utils::clip_grad_norm_(adapter_.parameters(), opts_.clip);
  optimizer_->step();
  return r;
}

std::vector<TaskLoss> Trainer::evaluate(int64_t step) {
  auto model = adapter_.model();
  model->eval();
  auto losses = evaluate_loss(model, eval_subset_, inputs_.tasks, std::max<int64_t>(8, opts_.batch), inputs_.pad_id);
  if (comm_.size() > 1) reduce_task_losses(comm_, losses);
  if (!comm_.is_main()) return losses;
  JsonLinesWriter(opts_.out + "/metrics.jsonl").write(eval_record(step, losses));
  std::ostringstream line;
  line << "eval step " << step << ":";
  for (const auto& t : losses) line << "  " << t.task << " loss " << fixed(t.loss(), 4) << " ppl " << fixed(t.perplexity(), 2);
  log_ << line.str() << "\n";
  return losses;
}

void Trainer::log_step(int64_t step, const StepResult& r, double lr, double seconds) {
  if (!comm_.is_main()) return;
  nlohmann::json line = {{"type", "train"}, {"step", step}, {"lm_loss", r.lm_loss}, {"balance_loss", r.balance_loss},
                         {"lr", lr}, {"grad_norm", r.grad_norm}, {"tokens_per_s", r.real_tokens / seconds},
                         {"real_tokens", r.real_tokens}};
  if (comm_.size() > 1) line["ranks"] = comm_.size(), line["all_reduce_ms"] = 1000 * r.all_reduce_seconds;
  JsonLinesWriter(opts_.out + "/metrics.jsonl").write(line);
}

void Trainer::save(int64_t step, double last_loss) {
  state_.step = step;
  state_.last_lm_loss = last_loss;
  if (comm_.is_main()) save_checkpoint(opts_.out, *adapter_.model(), *optimizer_, state_);
}

TrainSummary Trainer::run(bool resume) {
  SignalGuard signals;
  TrainSummary summary;
  auto model = adapter_.model();
  if (resume) {
    state_ = load_checkpoint(opts_.out, *model, *optimizer_);
    if (comm_.is_main()) truncate_metrics_after(opts_.out + "/metrics.jsonl", state_.step);
    log_ << "resuming at step " << state_.step << " of " << total_steps_ << "\n";
  } else {
    torch::manual_seed(opts_.seed);
    summary.first_eval = evaluate(0);
  }
  LrSchedule schedule{opts_.lr, static_cast<int64_t>(std::round(opts_.warmup_ratio * total_steps_)), total_steps_};
  Progress progress("train", total_steps_, log_);
  const auto start = std::chrono::steady_clock::now();
  int64_t tokens = 0;
  double last_loss = state_.last_lm_loss;
  int64_t step = state_.step;
  while (step < total_steps_) {
    const double lr = schedule.at(step);
    for (auto& g : optimizer_->param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
    const auto t0 = std::chrono::steady_clock::now();
    auto r = train_step(step);
    const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ++step;
    tokens += r.real_tokens;
    last_loss = r.lm_loss;
    log_step(step, r, lr, dt);
    progress.update(step, {{"loss", fixed(r.lm_loss, 4)}, {"lr", fixed(lr, 6)},
                           {"tok/s", fixed(r.real_tokens / dt, 0)}});
    if (opts_.eval_every > 0 && step % opts_.eval_every == 0 && step < total_steps_) evaluate(step);
    if (opts_.save_every > 0 && step % opts_.save_every == 0) save(step, last_loss);
    // Ranks stop together: a signal may reach one rank before (or without) the others.
    const bool signalled = comm_.size() > 1 ? any_rank(comm_, g_stop_requested) : g_stop_requested.load();
    const bool stop = signalled || (opts_.stop_after > 0 && step >= opts_.stop_after);
    if (stop && step < total_steps_) {
      progress.finish();
      save(step, last_loss);
      log_ << (signalled ? "interrupted" : "stopped") << " at step " << step << "; checkpoint saved in "
           << opts_.out << "/checkpoint (continue with --resume " << opts_.out << ")\n";
      summary.interrupted = true;
      break;
    }
  }
  progress.finish();
  summary.steps = step;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  summary.tokens_per_second = summary.seconds > 0 ? tokens / summary.seconds : 0;
  summary.final_lm_loss = last_loss;
  if (!summary.interrupted) {
    summary.last_eval = evaluate(step);
    save(step, last_loss);
    write_outputs(summary);
  }
  return summary;
}

void Trainer::write_outputs(const TrainSummary& summary) {
  if (!comm_.is_main()) return;
  save_adapter(opts_.out + "/adapter.safetensors", adapter_);
  write_loss_plot(opts_.out + "/metrics.jsonl", opts_.out + "/loss.svg", adapter_.options().method);
}

}  // namespace hycam
