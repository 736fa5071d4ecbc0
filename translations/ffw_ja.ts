<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="38"/>
        <source>layer 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="38"/>
        <source>layers 1–%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="44"/>
        <location filename="../app/workbench/cluster_page.cpp" line="64"/>
        <source>layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="44"/>
        <source>softmax head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="50"/>
        <source>%1 in chapters %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="51"/>
        <source> (on its own shard)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="64"/>
        <source>layers %1–%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="65"/>
        <source> (output layer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="68"/>
        <source>%1 on 1/%2 of every batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="72"/>
        <source>node %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="41"/>
        <source>weights, each stage to the later nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="44"/>
        <source>weights, once round the ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="50"/>
        <source>gradients every batch (60,000 samples)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="52"/>
        <source>activations and gradients at every stage boundary</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::ChartPanel</name>
    <message>
        <location filename="../app/views/chart_panel.cpp" line="41"/>
        <source>Smoothing: TensorBoard&apos;s debiased exponential moving average; the raw curve stays faint behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/chart_panel.cpp" line="42"/>
        <source>Log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/chart_panel.cpp" line="44"/>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/chart_panel.cpp" line="46"/>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/chart_panel.cpp" line="51"/>
        <source>Smoothing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::Charts</name>
    <message>
        <location filename="../app/views/run_chart.cpp" line="36"/>
        <source>Goodness of positive and negative data per layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="37"/>
        <source>Loss per layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="38"/>
        <source>Test accuracy against wall time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="39"/>
        <source>Bytes sent per node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="40"/>
        <source>Idle fraction per node and theoretical bubble</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="41"/>
        <source>Utilisation timeline per node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="48"/>
        <source>Goodness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="49"/>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="50"/>
        <source>Accuracy (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="51"/>
        <source>Sent (MB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="52"/>
        <source>Idle (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="53"/>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="72"/>
        <source>L%1 positive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="73"/>
        <source>L%1 negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="80"/>
        <source>L%1 threshold θ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="87"/>
        <source>network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="87"/>
        <source>L%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="90"/>
        <source>softmax head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="98"/>
        <source>test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="100"/>
        <source>validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="104"/>
        <location filename="../app/views/run_chart.cpp" line="110"/>
        <source>node %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="113"/>
        <source>theoretical bubble</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="141"/>
        <source>Wall time (s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::ClusterPage</name>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="79"/>
        <source>In this process (1 node)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="80"/>
        <source>Local worker processes (shared memory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="81"/>
        <source>Open MPI ranks (mpirun)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="85"/>
        <source>none: every rank on this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="86"/>
        <source>Import hostfile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="87"/>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="89"/>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="89"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="89"/>
        <source>Slowdown ×</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="100"/>
        <source>Connection test output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="103"/>
        <location filename="../app/workbench/cluster_page.cpp" line="127"/>
        <location filename="../app/workbench/cluster_page.cpp" line="176"/>
        <source>Launcher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="104"/>
        <location filename="../app/workbench/cluster_page.cpp" line="110"/>
        <location filename="../app/workbench/cluster_page.cpp" line="130"/>
        <location filename="../app/workbench/cluster_page.cpp" line="177"/>
        <source>Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="109"/>
        <location filename="../app/workbench/cluster_page.cpp" line="133"/>
        <location filename="../app/workbench/cluster_page.cpp" line="175"/>
        <source>Hostfile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="115"/>
        <source>Layers on nodes (the variant&apos;s mapping)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="136"/>
        <source>Open MPI hostfile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="149"/>
        <source>Slowdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="156"/>
        <source>✔ every rank answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="156"/>
        <source>✘ mpirun exited with code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="165"/>
        <source>%1 cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="192"/>
        <source>running as root: OMPI_ALLOW_RUN_AS_ROOT set for this test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="213"/>
        <source>rank %1 (hostfile)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="214"/>
        <source>rank %1 on this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="215"/>
        <source>worker %1 on this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="225"/>
        <source>⚠ %1 ranks on %2 cores: ranks will share cores (mpirun gets --oversubscribe) and timings will not show real scaling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="228"/>
        <source>⚠ In-process runs one node; choose local workers or Open MPI for %1 nodes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::ComparePage</name>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="29"/>
        <source>Tick the runs to compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="37"/>
        <source>Test accuracy against wall time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="38"/>
        <source>Export table as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="41"/>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="43"/>
        <source>Baseline (speed-up 1×)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="61"/>
        <source>KPI table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="61"/>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="134"/>
        <source>Wall time (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="136"/>
        <source>Test accuracy (%)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::DesignerPage</name>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="35"/>
        <source>Add layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="36"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="37"/>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="38"/>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="65"/>
        <source>Edit layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="70"/>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="78"/>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="82"/>
        <source>Sequential FF (1 node)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="82"/>
        <source>Single-Layer PFF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="82"/>
        <source>All-Layers PFF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="82"/>
        <source>Federated PFF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="83"/>
        <source>Backprop (1 node)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="83"/>
        <source>GPipe backprop pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="83"/>
        <source>Data-parallel backprop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="85"/>
        <source>Random (redrawn each chapter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="85"/>
        <source>Adaptive (hardest wrong label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="85"/>
        <source>Fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="85"/>
        <source>None (local heads, backprop)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="87"/>
        <source>Softmax head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="87"/>
        <source>Goodness over labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="87"/>
        <source>Local heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="88"/>
        <source>IDX (MNIST, Fashion-MNIST)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="88"/>
        <source>CIFAR-10 binary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="88"/>
        <source>CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="104"/>
        <location filename="../app/workbench/designer_page.cpp" line="126"/>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="108"/>
        <location filename="../app/workbench/designer_page.cpp" line="112"/>
        <source>Data path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="109"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="111"/>
        <source>Data directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="119"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="120"/>
        <source>Variant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="121"/>
        <source>Negative data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="122"/>
        <source>Classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="123"/>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="124"/>
        <source>Chapters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="125"/>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="127"/>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="128"/>
        <source>Dataset format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="129"/>
        <source>Dataset directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="130"/>
        <source>Algorithm and training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="143"/>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="162"/>
        <location filename="../app/workbench/designer_page.cpp" line="169"/>
        <source>Change %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="223"/>
        <source>✔ The experiment is valid.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::ExperimentDocument</name>
    <message>
        <location filename="../app/models/experiment_document.cpp" line="74"/>
        <source>%1 cannot be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/experiment_document.cpp" line="79"/>
        <source>%1 is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/experiment_document.cpp" line="95"/>
        <source>%1 cannot be written</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::KpiTableModel</name>
    <message>
        <location filename="../app/models/kpi.cpp" line="84"/>
        <location filename="../app/models/kpi.cpp" line="87"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="87"/>
        <source>not reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="113"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="114"/>
        <source>Variant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="115"/>
        <source>Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="116"/>
        <source>Wall time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="117"/>
        <source>Speed-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="118"/>
        <source>Efficiency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="119"/>
        <source>Time to %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="120"/>
        <source>Bytes sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="121"/>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="122"/>
        <source>Test accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="123"/>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="124"/>
        <source>Energy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::LayerTableModel</name>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="49"/>
        <location filename="../app/models/layer_table_model.cpp" line="51"/>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="56"/>
        <source>θ: goodness above it means positive (default: the width)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="94"/>
        <source>Layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="96"/>
        <source>Width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="97"/>
        <source>Threshold θ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="98"/>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="99"/>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::MainWindow</name>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="58"/>
        <source>Designer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="59"/>
        <source>Cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="60"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="61"/>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="62"/>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="78"/>
        <source>Runs folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="90"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="91"/>
        <source>&amp;New from quickstart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="92"/>
        <source>&amp;Open experiment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="93"/>
        <location filename="../app/workbench/main_window.cpp" line="160"/>
        <source>Open experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="93"/>
        <location filename="../app/workbench/main_window.cpp" line="106"/>
        <location filename="../app/workbench/main_window.cpp" line="112"/>
        <source>Experiments (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="96"/>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="103"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="106"/>
        <location filename="../app/workbench/main_window.cpp" line="112"/>
        <source>Save experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="107"/>
        <location filename="../app/workbench/main_window.cpp" line="113"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="110"/>
        <source>Save &amp;as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="117"/>
        <source>Open &amp;run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="118"/>
        <source>Open run directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="121"/>
        <source>Meeting &amp;report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="123"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="125"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="126"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="128"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="133"/>
        <location filename="../app/workbench/main_window.cpp" line="134"/>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="135"/>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="137"/>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="138"/>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="170"/>
        <location filename="../app/workbench/main_window.cpp" line="174"/>
        <source>Open run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="170"/>
        <source>A run is in progress; stop it before opening another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="180"/>
        <source>Opened %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="186"/>
        <source>%1%2 — FF Workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="194"/>
        <location filename="../app/workbench/main_window.cpp" line="200"/>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="195"/>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;CSV data (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="200"/>
        <source>Choose a .png, .svg, .pdf or .csv file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="202"/>
        <location filename="../app/workbench/main_window.cpp" line="218"/>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="207"/>
        <location filename="../app/workbench/main_window.cpp" line="210"/>
        <location filename="../app/workbench/main_window.cpp" line="217"/>
        <source>Meeting report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="207"/>
        <source>Open or run something first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="211"/>
        <source>PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="223"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="223"/>
        <source>A run is in progress. Stop it and quit? (It can be resumed later.)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::NetworkDiagram</name>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="72"/>
        <source>Input
784</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="74"/>
        <source>%1 %2
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="74"/>
        <source>Dense</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="74"/>
        <source>FF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="75"/>
        <source>Softmax
10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="75"/>
        <source>Softmax head
10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="75"/>
        <source>Goodness
over labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="75"/>
        <source>Local heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="101"/>
        <source>%1 parameters (%2 MB as float32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="103"/>
        <source> · per chapter on the wire: %1 MB of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="104"/>
        <source> · on the wire: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::PreferencesDialog</name>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="46"/>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="48"/>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="65"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="66"/>
        <source>A language change applies when the workbench starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="67"/>
        <source>Runs folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="68"/>
        <source>Price per node-hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="69"/>
        <source>Watts per node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="70"/>
        <source>Target accuracy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::Report</name>
    <message>
        <location filename="../app/views/export.cpp" line="95"/>
        <source>%1 cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="125"/>
        <location filename="../app/views/export.cpp" line="139"/>
        <location filename="../app/views/export.cpp" line="154"/>
        <location filename="../app/views/export.cpp" line="174"/>
        <source>%1 cannot be written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="167"/>
        <source>FF Workbench meeting report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="189"/>
        <source>Meeting report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="191"/>
        <source>Run %1 · %2 · %3 on %4 cores (%5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="203"/>
        <source>Key figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="226"/>
        <source>Speed-up and efficiency against the first row (the baseline). Cost at %1 per node-hour, energy at %2 W per node.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="230"/>
        <source>No baseline given: speed-up is against this run itself. Cost at %1 per node-hour, energy at %2 W per node.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="238"/>
        <source>Speed-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="255"/>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="262"/>
        <source>Utilisation timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="265"/>
        <source>Experiment settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="270"/>
        <source>Variant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="271"/>
        <source>Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="272"/>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="273"/>
        <source>Negative data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="274"/>
        <source>Classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="275"/>
        <source>Epochs / chapters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="276"/>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="277"/>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="278"/>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="279"/>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="280"/>
        <source>Theoretical bubble</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::RunController</name>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="42"/>
        <source>ffw was killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="47"/>
        <source>ffw exited with code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="77"/>
        <source>a run is already in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="83"/>
        <source>%1 could not be started: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="94"/>
        <source>%1 cannot be created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="106"/>
        <source>%1 cannot be written</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::RunListModel</name>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="78"/>
        <source>%1 is still running; stop it first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="82"/>
        <source>%1 could not be deleted completely</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="133"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="134"/>
        <source>Variant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="135"/>
        <source>Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="136"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="137"/>
        <source>Test accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="138"/>
        <source>Wall time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="139"/>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="140"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::RunPage</name>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="28"/>
        <source>▶ Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="29"/>
        <source>■ Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="30"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="31"/>
        <source>Start the designed experiment (through ffw run, with the chosen launcher)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="32"/>
        <source>Stop gracefully (the last chapter checkpoint is kept), forced after 8 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="33"/>
        <source>Continue this run from its last checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="37"/>
        <source>chapter %v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="38"/>
        <source>No run yet. Press Run to start the designed experiment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="59"/>
        <source>Rows: true class, columns: predicted class (test set, at the end of the run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="60"/>
        <source>Confusion matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="67"/>
        <source>Utilisation timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="75"/>
        <source>The workers&apos; log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="93"/>
        <source>Stopping… (the chapter in progress is abandoned; the last checkpoint is kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="104"/>
        <source>Resuming %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="111"/>
        <source>Running: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="119"/>
        <source>✔ Finished: %1, test accuracy %2 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="122"/>
        <source>Stopped after chapter %1. Resume continues from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="125"/>
        <source>✘ The run failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="142"/>
        <source>The experiment has problems; fix them in the Designer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="156"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="177"/>
        <source>ETA %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="184"/>
        <source>node %1 idle %2 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="187"/>
        <source>Pipeline utilisation %1 % · %2 · theoretical bubble %3 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::RunStore</name>
    <message>
        <location filename="../app/models/run_store.cpp" line="47"/>
        <source>%1 is not a run directory: it has no experiment.json</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::RunsPage</name>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="27"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="28"/>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="29"/>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="30"/>
        <source>Show folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="31"/>
        <source>Double-click Tags or Notes to edit them; they are kept in the run&apos;s notes.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="48"/>
        <location filename="../app/workbench/runs_page.cpp" line="52"/>
        <source>Delete run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="48"/>
        <source>Delete %1 and everything in it from disk?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::Timeline</name>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="32"/>
        <source>train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="33"/>
        <source>re-forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="34"/>
        <source>negatives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="35"/>
        <source>evaluate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="36"/>
        <source>send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="37"/>
        <source>wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="38"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="62"/>
        <source>node %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ffw::app::TimelineView</name>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="110"/>
        <source>Wheel: zoom, drag: pan, double click: show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="177"/>
        <source>node %1: %2, chapter %3, %4 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="179"/>
        <source>, layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="180"/>
        <source>, %1 kB to/from node %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/workbench/main.cpp" line="25"/>
        <source>FF Workbench: distributed Forward-Forward training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="28"/>
        <source>Open EXPERIMENT and start it at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="30"/>
        <source>Open the run directory DIR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="32"/>
        <source>Runs folder (default: Preferences).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="35"/>
        <source>Experiment to open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
