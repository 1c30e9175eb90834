//! Survey rows of the 18 interviewed children (`sample` = `interview`).
//!
//! The demo corpus interviews 18 children (`corpus/informants.csv`, `type` =
//! `child`). So that interviews can be joined to survey rows case by case,
//! each of them also gets one complete survey row, appended after the 933
//! questionnaires. Nothing here is random: the values are chosen by hand to
//! fit what each child says in `corpus/transcripts/<id>.md` and the themes
//! the codings give them (`corpus/codings/coder-a.csv`). Negative cases stay
//! negative: a child who is thriving although a parent is away scores low on
//! depression, and a child troubled without migration scores high, whatever
//! the paper's average pattern.
//!
//! The background columns (`migration`, `girl`, `age`, `grade`, `korean`)
//! copy `corpus/informants.csv`; a test checks they agree. `depression` is
//! the sum of the six items and `teacher_attitude` is scored from `att` with
//! the factor-score weights fitted on the questionnaires' complete cases
//! (see `survey::FactorScore`); neither is stored here.
//!
//! Item codes follow `corpus/survey/VARIABLES.md`: `dep` 1-5 each (1 never …
//! 5 always), `siblings` 0-2, parents' education 1-3, `belonging` 1-5, `att`
//! 1-4 (1 never … 4 several times a week; att1 the head teacher asked about
//! my life, att2 talked to my guardians about my study, att3 praised me in
//! class), `teacher_satisfaction` 1-5, `best_friends` 1-4 (2 = 1-3 friends,
//! 3 = 4-7), `closeness` 1-5, `peer_satisfaction` 1-5. No transcript mentions
//! a brother or sister (two parents' interviews say "only grandson" and
//! "our daughter"), so every child has `siblings` 0.

/// One interviewed child's survey answers.
#[derive(Clone, Copy, Debug)]
pub struct Interviewed {
    /// Informant id, as in `corpus/informants.csv`.
    pub id: &'static str,
    /// `none`, `mother`, `father` or `both`.
    pub migration: &'static str,
    pub girl: i32,
    pub age: i32,
    pub grade: i32,
    pub korean: i32,
    /// dep1..dep6.
    pub dep: [i32; 6],
    pub siblings: i32,
    pub mother_edu: i32,
    pub father_edu: i32,
    pub belonging: i32,
    /// att1..att3.
    pub att: [i32; 3],
    pub teacher_sat: i32,
    pub best_friends: i32,
    pub closeness: i32,
    pub peer_sat: i32,
}

/// Shorthand for the table below.
#[allow(clippy::too_many_arguments)]
const fn row(
    id: &'static str,
    migration: &'static str,
    (girl, age, grade, korean): (i32, i32, i32, i32),
    dep: [i32; 6],
    (siblings, mother_edu, father_edu): (i32, i32, i32),
    belonging: i32,
    att: [i32; 3],
    teacher_sat: i32,
    (best_friends, closeness, peer_sat): (i32, i32, i32),
) -> Interviewed {
    Interviewed {
        id,
        migration,
        girl,
        age,
        grade,
        korean,
        dep,
        siblings,
        mother_edu,
        father_edu,
        belonging,
        att,
        teacher_sat,
        best_friends,
        closeness,
        peer_sat,
    }
}

/// The 18 interviewed children, in ascending id order. Columns: id,
/// migration, (girl, age, grade, korean), dep1..dep6, (siblings, mother_edu,
/// father_edu), belonging, att1..att3, teacher_satisfaction, (best_friends,
/// closeness, peer_satisfaction).
#[rustfmt::skip]
pub const INTERVIEWED: [Interviewed; 18] = [
    // 0401: no migration but parents in the shop 7-22 every day, lonely Sundays, hides it from a tired mum (non-migrant strain) → mild-moderate depression; draws with Yuna & co; strict Ms Jin never asks her, only left-behind pupils; shopkeeper parents.
    row("0401", "none", (1, 10, 5, 1), [2, 2, 2, 2, 1, 3], (0, 1, 1), 4, [1, 1, 2], 3, (3, 4, 4)),
    // 0402: father in Dalian, home monthly and all winter, "it's okay like this", football team, close to mum (negative case: fine despite migration) → low depression, high peer scores; Ms Jin strict but fair, messages mum about homework; mum repairs phones.
    row("0402", "father", (0, 11, 5, 1), [1, 1, 1, 2, 1, 1], (0, 2, 1), 5, [1, 2, 2], 4, (3, 5, 5)),
    // 0403: both parents in Korea, "heavy" chest after mum's calls, tells nobody, plays games with Jaewon/Sungho to feel safe; scared of the office, Ms Jin phones grandma → raised depression, peers OK, low teacher scores.
    row("0403", "both", (0, 11, 5, 1), [3, 2, 3, 3, 2, 3], (0, 1, 1), 4, [1, 2, 1], 3, (2, 4, 4)),
    // 0404: both parents in Korea, bad-mood days and a bad week after they left, but Hayoung's jokes and dancing lift her; scared of Ms Jin though she backed the New Year dance → moderate depression, high peer satisfaction, belonging high.
    row("0404", "both", (1, 10, 5, 1), [2, 1, 2, 3, 2, 2], (0, 1, 1), 5, [1, 1, 2], 4, (2, 4, 5)),
    // 0405: mother in Korea, misses her daily and cries, but confides in Ms Jin every Wednesday, essay read to class (negative case for teacher authority) → elevated depression, top teacher scores; "teacher's pet" taunt, only Eunji → modest peer scores.
    row("0405", "mother", (1, 11, 5, 1), [3, 2, 3, 2, 2, 3], (0, 1, 1), 4, [4, 2, 3], 5, (2, 3, 3)),
    // 0601: both parents in Korea since grade 2-4, self-reliant "I'm fine", quiet nights, zhongkao pressure; basketball five, "good class"; Teacher Choi only calls him for copying, phoned aunt → moderate depression, good peer/belonging, low teacher.
    row("0601", "both", (0, 15, 9, 1), [2, 2, 3, 2, 1, 2], (0, 1, 1), 5, [1, 2, 1], 3, (3, 4, 4)),
    // 0602: mother in South Korea, hides it from Yuna/Minji ("nobody would understand"), cries to ballads at night, afraid of Teacher Pak's office → high depression, low belonging, teacher and peer sharing.
    row("0602", "mother", (1, 14, 8, 1), [4, 4, 5, 3, 4, 4], (0, 1, 1), 3, [1, 1, 1], 2, (2, 2, 2)),
    // 0603: no migration but parents divorcing, dad on grandma's sofa, mum cries, grades fell, sad on quiet nights (negative case: troubled without migration) → raised depression; Four Dragons, school "more fun than home"; Teacher Kang asked once, phoned mum.
    row("0603", "none", (0, 13, 7, 1), [3, 3, 3, 3, 2, 3], (0, 1, 1), 5, [2, 2, 1], 3, (2, 5, 5)),
    // 0604: father welding in Korea since she was 6, "not everyone whose dad is in Korea is sad" (negative case) → low depression; class monitor, respects fair Teacher Kim; "spy" exclusion, Soo-ah only → middling peer scores; mum an accountant.
    row("0604", "father", (1, 14, 8, 1), [1, 1, 2, 2, 1, 2], (0, 2, 1), 5, [2, 2, 3], 4, (2, 3, 3)),
    // 0605: both parents in Korea, hides illness and marks from mum, "empty" at night, happy with Yuna and Seoyeon; Teacher Cui strict, took grandma's number at term start → moderate depression, good peers, low-middling teacher.
    row("0605", "both", (1, 13, 7, 1), [2, 2, 3, 2, 2, 3], (0, 1, 1), 4, [2, 2, 1], 3, (2, 4, 4)),
    // 0606: father in Shenyang, "fine, normal, not a big thing", bored and homework-stressed only (negative case) → low depression; three or four mates plus online gaming; Teacher Li loud, messages mum about homework; dad a factory team leader.
    row("0606", "father", (0, 14, 8, 1), [2, 1, 1, 2, 1, 2], (0, 1, 2), 4, [1, 3, 1], 3, (3, 4, 4)),
    // 0607: both parents in Korea, study for mum's return feels "heavy" but "I don't feel down that much"; Teacher Pak praised him as most improved, helps with English; two good friends → moderate depression, praise high, teacher satisfaction good.
    row("0607", "both", (0, 14, 8, 1), [2, 2, 3, 2, 1, 2], (0, 1, 1), 4, [2, 1, 3], 4, (2, 4, 4)),
    // 0801: no migration but strict father's late-night score inquests, parents argue "about me", drawings binned (negative case: troubled without migration) → high depression; fears head teacher; Tingting and Xiaoxue; mum at a bank, dad left after junior middle.
    row("0801", "none", (1, 14, 8, 0), [3, 3, 3, 3, 2, 4], (0, 2, 1), 4, [1, 2, 1], 2, (2, 4, 4)),
    // 0802: father in Beijing, calls nightly, "it's not so bad", lonely only when home alone; relay hero, table tennis with Haoran and Zhang Kai; head teacher asked about his father, messaged mum → low depression, high belonging and peers.
    row("0802", "father", (0, 13, 7, 0), [2, 1, 2, 2, 1, 1], (0, 1, 1), 5, [2, 2, 1], 4, (2, 4, 5)),
    // 0803: both parents in Hangzhou, misses mum, never tells the ball-playing group ("weak"), head teacher "doesn't like me", grandpa called in thrice → high depression, lowest teacher satisfaction, peers there but unsatisfying.
    row("0803", "both", (0, 14, 8, 0), [3, 3, 2, 3, 3, 3], (0, 1, 1), 3, [1, 2, 1], 1, (3, 4, 3)),
    // 1001: no migration, grandma's stroke and exam nerves, but confides in her head teacher most evenings, monitor of a "united" class (negative case for teacher authority) → moderate depression, top teacher and belonging scores; nurse mum, power-company dad.
    row("1001", "none", (1, 15, 9, 0), [2, 1, 3, 2, 1, 3], (0, 2, 2), 5, [4, 2, 3], 5, (3, 5, 4)),
    // 1002: mother in Shanghai "two years" now longer, quiet empty flat, only Yueyue (ate alone when she was ill), hides tears, school as refuge, voice goes small in class → high depression, low closeness, low teacher; dad finished junior middle.
    row("1002", "mother", (1, 13, 7, 0), [4, 3, 3, 3, 3, 4], (0, 1, 1), 3, [2, 1, 1], 3, (2, 2, 3)),
    // 1003: father in Korea, "it's not sad, it's work", shoes boxes and a Korea trip ahead, basketball and hotpot with Liu Yang and Xiaopeng (negative case) → low depression, high peer scores; head teacher only asked once.
    row("1003", "father", (0, 14, 8, 1), [1, 1, 1, 2, 1, 1], (0, 2, 1), 4, [2, 1, 1], 3, (3, 5, 5)),
];
