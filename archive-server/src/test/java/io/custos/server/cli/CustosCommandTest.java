package io.custos.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CustosCommandTest {

    @Test
    void runIsASubcommandAndHelpExitsCleanly() {
        var commandLine = CustosCommand.commandLine();
        assertThat(commandLine.getSubcommands()).containsKey("run");
        assertThat(commandLine.execute("run", "--help")).isZero();
        assertThat(commandLine.execute("no-such-command")).isNotZero();
    }
}
