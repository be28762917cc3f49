/* People for the generator: first names and surnames (Russian, Ukrainian,
 * Latin-script), each with the lower-case ASCII transliteration used in emails. */
#ifndef CLIENTELE_GEN_NAMES_H
#define CLIENTELE_GEN_NAMES_H

struct gen_first {
	const char *name; /* as written, UTF-8 */
	const char *lat;  /* lower-case ASCII for the email address */
};

/* A surname in its masculine and feminine forms. f == NULL: the feminine
 * form is the masculine one plus "а" ("a" in the transliteration). */
struct gen_surname {
	const char *m, *m_lat;
	const char *f, *f_lat;
};

/* The tables are in rough order of frequency: the generator prefers the
 * first entries. */

static const struct gen_first ru_male[] = {
	{"Александр", "aleksandr"}, {"Сергей", "sergey"}, {"Дмитрий", "dmitry"},
	{"Андрей", "andrey"}, {"Алексей", "aleksey"}, {"Максим", "maksim"},
	{"Евгений", "evgeny"}, {"Иван", "ivan"}, {"Михаил", "mikhail"},
	{"Артём", "artem"}, {"Николай", "nikolay"}, {"Владимир", "vladimir"},
	{"Денис", "denis"}, {"Павел", "pavel"}, {"Роман", "roman"},
	{"Кирилл", "kirill"}, {"Олег", "oleg"}, {"Игорь", "igor"},
	{"Антон", "anton"}, {"Никита", "nikita"}, {"Егор", "egor"},
	{"Илья", "ilya"}, {"Виктор", "viktor"}, {"Юрий", "yury"},
	{"Вадим", "vadim"}, {"Константин", "konstantin"}, {"Тимур", "timur"},
	{"Григорий", "grigory"}, {"Степан", "stepan"}, {"Фёдор", "fedor"},
	{"Матвей", "matvey"}, {"Глеб", "gleb"}, {"Лев", "lev"},
	{"Ярослав", "yaroslav"}, {"Руслан", "ruslan"}, {"Станислав", "stanislav"},
	{"Виталий", "vitaly"}, {"Георгий", "georgy"}, {"Василий", "vasily"},
	{"Арсений", "arseny"},
};

static const struct gen_first ru_female[] = {
	{"Анна", "anna"}, {"Елена", "elena"}, {"Ольга", "olga"},
	{"Наталья", "natalya"}, {"Екатерина", "ekaterina"}, {"Мария", "mariya"},
	{"Татьяна", "tatyana"}, {"Ирина", "irina"}, {"Светлана", "svetlana"},
	{"Юлия", "yuliya"}, {"Анастасия", "anastasiya"}, {"Марина", "marina"},
	{"Дарья", "darya"}, {"Ксения", "kseniya"}, {"Виктория", "viktoriya"},
	{"Алина", "alina"}, {"Полина", "polina"}, {"Евгения", "evgeniya"},
	{"Валентина", "valentina"}, {"Людмила", "lyudmila"}, {"Галина", "galina"},
	{"Надежда", "nadezhda"}, {"Софья", "sofya"}, {"Вера", "vera"},
	{"Кристина", "kristina"}, {"Алёна", "alena"}, {"Любовь", "lyubov"},
	{"Оксана", "oksana"}, {"Яна", "yana"}, {"Маргарита", "margarita"},
	{"Вероника", "veronika"}, {"Диана", "diana"}, {"Елизавета", "elizaveta"},
	{"Жанна", "zhanna"}, {"Лариса", "larisa"}, {"Алиса", "alisa"},
};

static const struct gen_surname ru_surnames[] = {
	{"Иванов", "ivanov", 0, 0}, {"Смирнов", "smirnov", 0, 0},
	{"Кузнецов", "kuznetsov", 0, 0}, {"Попов", "popov", 0, 0},
	{"Васильев", "vasilev", 0, 0}, {"Петров", "petrov", 0, 0},
	{"Соколов", "sokolov", 0, 0}, {"Михайлов", "mikhaylov", 0, 0},
	{"Новиков", "novikov", 0, 0}, {"Фёдоров", "fedorov", 0, 0},
	{"Морозов", "morozov", 0, 0}, {"Волков", "volkov", 0, 0},
	{"Алексеев", "alekseev", 0, 0}, {"Лебедев", "lebedev", 0, 0},
	{"Семёнов", "semenov", 0, 0}, {"Егоров", "egorov", 0, 0},
	{"Павлов", "pavlov", 0, 0}, {"Козлов", "kozlov", 0, 0},
	{"Степанов", "stepanov", 0, 0}, {"Николаев", "nikolaev", 0, 0},
	{"Орлов", "orlov", 0, 0}, {"Андреев", "andreev", 0, 0},
	{"Макаров", "makarov", 0, 0}, {"Никитин", "nikitin", 0, 0},
	{"Захаров", "zakharov", 0, 0}, {"Зайцев", "zaytsev", 0, 0},
	{"Соловьёв", "solovyev", 0, 0}, {"Борисов", "borisov", 0, 0},
	{"Яковлев", "yakovlev", 0, 0}, {"Григорьев", "grigorev", 0, 0},
	{"Романов", "romanov", 0, 0}, {"Воробьёв", "vorobyev", 0, 0},
	{"Сергеев", "sergeev", 0, 0}, {"Кузьмин", "kuzmin", 0, 0},
	{"Фролов", "frolov", 0, 0}, {"Александров", "aleksandrov", 0, 0},
	{"Дмитриев", "dmitriev", 0, 0}, {"Королёв", "korolev", 0, 0},
	{"Гусев", "gusev", 0, 0}, {"Киселёв", "kiselev", 0, 0},
	{"Ильин", "ilyin", 0, 0}, {"Максимов", "maksimov", 0, 0},
	{"Поляков", "polyakov", 0, 0}, {"Сорокин", "sorokin", 0, 0},
	{"Виноградов", "vinogradov", 0, 0}, {"Ковалёв", "kovalev", 0, 0},
	{"Белов", "belov", 0, 0}, {"Медведев", "medvedev", 0, 0},
	{"Антонов", "antonov", 0, 0}, {"Тарасов", "tarasov", 0, 0},
	{"Жуков", "zhukov", 0, 0}, {"Баранов", "baranov", 0, 0},
	{"Филиппов", "filippov", 0, 0}, {"Комаров", "komarov", 0, 0},
	{"Давыдов", "davydov", 0, 0}, {"Беляев", "belyaev", 0, 0},
	{"Герасимов", "gerasimov", 0, 0}, {"Богданов", "bogdanov", 0, 0},
	{"Осипов", "osipov", 0, 0}, {"Сидоров", "sidorov", 0, 0},
	{"Матвеев", "matveev", 0, 0}, {"Титов", "titov", 0, 0},
	{"Марков", "markov", 0, 0}, {"Миронов", "mironov", 0, 0},
	{"Крылов", "krylov", 0, 0}, {"Куликов", "kulikov", 0, 0},
	{"Карпов", "karpov", 0, 0}, {"Власов", "vlasov", 0, 0},
	{"Мельников", "melnikov", 0, 0}, {"Денисов", "denisov", 0, 0},
	{"Тихонов", "tikhonov", 0, 0}, {"Щербаков", "shcherbakov", 0, 0},
	{"Калинин", "kalinin", 0, 0}, {"Журавлёв", "zhuravlev", 0, 0},
	{"Пономарёв", "ponomarev", 0, 0}, {"Цветков", "tsvetkov", 0, 0},
	{"Толстой", "tolstoy", "Толстая", "tolstaya"},
	{"Жуковский", "zhukovsky", "Жуковская", "zhukovskaya"},
	{"Островский", "ostrovsky", "Островская", "ostrovskaya"},
	{"Покровский", "pokrovsky", "Покровская", "pokrovskaya"},
	{"Троицкий", "troitsky", "Троицкая", "troitskaya"},
	{"Черных", "chernykh", "Черных", "chernykh"},
	{"Седых", "sedykh", "Седых", "sedykh"},
};

static const struct gen_first ua_male[] = {
	{"Олександр", "oleksandr"}, {"Андрій", "andrii"}, {"Дмитро", "dmytro"},
	{"Сергій", "serhii"}, {"Іван", "ivan"}, {"Михайло", "mykhailo"},
	{"Тарас", "taras"}, {"Богдан", "bohdan"}, {"Володимир", "volodymyr"},
	{"Олег", "oleh"}, {"Юрій", "yurii"}, {"Василь", "vasyl"},
	{"Максим", "maksym"}, {"Віктор", "viktor"}, {"Ярослав", "yaroslav"},
	{"Петро", "petro"}, {"Микола", "mykola"}, {"Остап", "ostap"},
	{"Назар", "nazar"}, {"Роман", "roman"}, {"Артем", "artem"},
	{"Денис", "denys"}, {"Євген", "yevhen"}, {"Ігор", "ihor"},
	{"Павло", "pavlo"}, {"Степан", "stepan"}, {"Григорій", "hryhorii"},
	{"Віталій", "vitalii"}, {"Орест", "orest"},
};

static const struct gen_first ua_female[] = {
	{"Олена", "olena"}, {"Ірина", "iryna"}, {"Оксана", "oksana"},
	{"Наталія", "nataliia"}, {"Тетяна", "tetiana"}, {"Юлія", "yuliia"},
	{"Ольга", "olha"}, {"Марія", "mariia"}, {"Анна", "anna"},
	{"Катерина", "kateryna"}, {"Світлана", "svitlana"}, {"Людмила", "liudmyla"},
	{"Галина", "halyna"}, {"Вікторія", "viktoriia"}, {"Христина", "khrystyna"},
	{"Софія", "sofiia"}, {"Дарина", "daryna"}, {"Анастасія", "anastasiia"},
	{"Соломія", "solomiia"}, {"Мар'яна", "mariana"}, {"Леся", "lesia"},
	{"Богдана", "bohdana"}, {"Ганна", "hanna"}, {"Уляна", "uliana"},
	{"Зоряна", "zoriana"}, {"Надія", "nadiia"}, {"Валентина", "valentyna"},
	{"Лілія", "liliia"}, {"Яна", "yana"},
};

static const struct gen_surname ua_surnames[] = {
	{"Шевченко", "shevchenko", "Шевченко", "shevchenko"},
	{"Коваленко", "kovalenko", "Коваленко", "kovalenko"},
	{"Бондаренко", "bondarenko", "Бондаренко", "bondarenko"},
	{"Ткаченко", "tkachenko", "Ткаченко", "tkachenko"},
	{"Кравченко", "kravchenko", "Кравченко", "kravchenko"},
	{"Олійник", "oliinyk", "Олійник", "oliinyk"},
	{"Шевчук", "shevchuk", "Шевчук", "shevchuk"},
	{"Коваль", "koval", "Коваль", "koval"},
	{"Поліщук", "polishchuk", "Поліщук", "polishchuk"},
	{"Бойко", "boiko", "Бойко", "boiko"},
	{"Ткачук", "tkachuk", "Ткачук", "tkachuk"},
	{"Савченко", "savchenko", "Савченко", "savchenko"},
	{"Мельник", "melnyk", "Мельник", "melnyk"},
	{"Кравчук", "kravchuk", "Кравчук", "kravchuk"},
	{"Марченко", "marchenko", "Марченко", "marchenko"},
	{"Руденко", "rudenko", "Руденко", "rudenko"},
	{"Мороз", "moroz", "Мороз", "moroz"},
	{"Лисенко", "lysenko", "Лисенко", "lysenko"},
	{"Петренко", "petrenko", "Петренко", "petrenko"},
	{"Клименко", "klymenko", "Клименко", "klymenko"},
	{"Павленко", "pavlenko", "Павленко", "pavlenko"},
	{"Кузьменко", "kuzmenko", "Кузьменко", "kuzmenko"},
	{"Гончаренко", "honcharenko", "Гончаренко", "honcharenko"},
	{"Левченко", "levchenko", "Левченко", "levchenko"},
	{"Харченко", "kharchenko", "Харченко", "kharchenko"},
	{"Мазур", "mazur", "Мазур", "mazur"},
	{"Кушнір", "kushnir", "Кушнір", "kushnir"},
	{"Ковальчук", "kovalchuk", "Ковальчук", "kovalchuk"},
	{"Романюк", "romaniuk", "Романюк", "romaniuk"},
	{"Литвиненко", "lytvynenko", "Литвиненко", "lytvynenko"},
	{"Гуменюк", "humeniuk", "Гуменюк", "humeniuk"},
	{"Сидоренко", "sydorenko", "Сидоренко", "sydorenko"},
	{"Приходько", "prykhodko", "Приходько", "prykhodko"},
	{"Гнатюк", "hnatiuk", "Гнатюк", "hnatiuk"},
	{"Стельмах", "stelmakh", "Стельмах", "stelmakh"},
	{"Білик", "bilyk", "Білик", "bilyk"},
	{"Гаврилюк", "havryliuk", "Гаврилюк", "havryliuk"},
	{"Онищенко", "onyshchenko", "Онищенко", "onyshchenko"},
	{"Кравець", "kravets", "Кравець", "kravets"},
	{"Дорошенко", "doroshenko", "Дорошенко", "doroshenko"},
	{"Ковальський", "kovalskyi", "Ковальська", "kovalska"},
	{"Вишневський", "vyshnevskyi", "Вишневська", "vyshnevska"},
	{"Грушевський", "hrushevskyi", "Грушевська", "hrushevska"},
};

static const struct gen_first lat_male[] = {
	{"John", "john"}, {"James", "james"}, {"Michael", "michael"},
	{"David", "david"}, {"Thomas", "thomas"}, {"Daniel", "daniel"},
	{"Peter", "peter"}, {"Alexander", "alexander"}, {"Lukas", "lukas"},
	{"Felix", "felix"}, {"Maximilian", "maximilian"}, {"Jonas", "jonas"},
	{"Leon", "leon"}, {"Tobias", "tobias"}, {"Jan", "jan"},
	{"Piotr", "piotr"}, {"Tomasz", "tomasz"}, {"Oliver", "oliver"},
	{"George", "george"}, {"Harry", "harry"}, {"William", "william"},
	{"Jürgen", "juergen"}, {"Łukasz", "lukasz"}, {"Adam", "adam"},
};

static const struct gen_first lat_female[] = {
	{"Anna", "anna"}, {"Emma", "emma"}, {"Olivia", "olivia"},
	{"Sophie", "sophie"}, {"Laura", "laura"}, {"Julia", "julia"},
	{"Sarah", "sarah"}, {"Emily", "emily"}, {"Charlotte", "charlotte"},
	{"Hannah", "hannah"}, {"Lena", "lena"}, {"Mia", "mia"},
	{"Marie", "marie"}, {"Katharina", "katharina"}, {"Agnieszka", "agnieszka"},
	{"Katarzyna", "katarzyna"}, {"Zoë", "zoe"}, {"Chloé", "chloe"},
	{"Amelia", "amelia"}, {"Grace", "grace"}, {"Lucy", "lucy"},
	{"Małgorzata", "malgorzata"},
};

static const struct gen_surname lat_surnames[] = {
	{"Smith", "smith", "Smith", "smith"},
	{"Müller", "mueller", "Müller", "mueller"},
	{"Jones", "jones", "Jones", "jones"},
	{"Schmidt", "schmidt", "Schmidt", "schmidt"},
	{"Williams", "williams", "Williams", "williams"},
	{"Schneider", "schneider", "Schneider", "schneider"},
	{"Brown", "brown", "Brown", "brown"},
	{"Fischer", "fischer", "Fischer", "fischer"},
	{"Nowak", "nowak", "Nowak", "nowak"},
	{"Taylor", "taylor", "Taylor", "taylor"},
	{"Weber", "weber", "Weber", "weber"},
	{"Kowalski", "kowalski", "Kowalska", "kowalska"},
	{"Wilson", "wilson", "Wilson", "wilson"},
	{"Meyer", "meyer", "Meyer", "meyer"},
	{"Wiśniewski", "wisniewski", "Wiśniewska", "wisniewska"},
	{"Evans", "evans", "Evans", "evans"},
	{"Wagner", "wagner", "Wagner", "wagner"},
	{"Wójcik", "wojcik", "Wójcik", "wojcik"},
	{"Johnson", "johnson", "Johnson", "johnson"},
	{"Schäfer", "schaefer", "Schäfer", "schaefer"},
	{"Lewandowski", "lewandowski", "Lewandowska", "lewandowska"},
	{"O'Brien", "obrien", "O'Brien", "obrien"},
	{"Hoffmann", "hoffmann", "Hoffmann", "hoffmann"},
	{"Roberts", "roberts", "Roberts", "roberts"},
	{"Becker", "becker", "Becker", "becker"},
	{"Krüger", "krueger", "Krüger", "krueger"},
};

#endif
